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
        #expect(course.lesson(id: "13")?.meta.order == 13)
        #expect(course.lesson(id: "meta.maml")?.meta.order == 13)
        #expect(course.lesson(id: "14-maml")?.meta.id == "meta.maml-sinusoid")
        #expect(course.lesson(id: "nonsense") == nil)
    }

    @Test func theCourseIsInOrderWithNothingBroken() {
        let course = Course(folder: Self.lessons)
        #expect(course.broken.isEmpty)
        // Numbered from 0, each number once; a number may be free while its lesson is written.
        let orders = course.lessons.map(\.meta.order)
        #expect(orders.first == 0)
        #expect(orders == orders.sorted() && Set(orders).count == orders.count, "\(orders)")
    }
}
