import Foundation
import Testing

@testable import Notebook

@Suite struct CourseTests {
    static let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Lessons").standardized.path

    @Test func aNumberOpensTheLessonOfThatOrderNotAFileThatStartsWithIt() throws {
        let course = Course(folder: Self.lessons)
        #expect(course.lesson(id: "1")?.meta.order == 1, "not 10-bilevel.md")
        #expect(course.lesson(id: "01")?.meta.order == 1)
        #expect(course.lesson(id: "11")?.meta.order == 11)
        #expect(course.lesson(id: "meta.maml")?.meta.order == 11)
        #expect(course.lesson(id: "12-maml")?.meta.id == "meta.maml-sinusoid")
        #expect(course.lesson(id: "nonsense") == nil)
    }

    @Test func theCourseIsInOrderWithNothingBroken() {
        let course = Course(folder: Self.lessons)
        #expect(course.broken.isEmpty)
        #expect(course.lessons.map(\.meta.order) == Array(0..<course.lessons.count))
    }
}
