// GNU readline (Debian: libreadline-dev). Swift 6 rejects touching readline's
// mutable globals directly, so each one the shell needs has a static inline
// accessor here; nothing else lives in this target.
#include <stdio.h>
#include <stdlib.h>
#include <readline/readline.h>
#include <readline/history.h>

typedef char **(*cr_completion_function)(const char *, int, int);
typedef int (*cr_hook_function)(void);

static inline void cr_set_attempted_completion_function(cr_completion_function f) { rl_attempted_completion_function = f; }
static inline void cr_set_attempted_completion_over(int v) { rl_attempted_completion_over = v; }
static inline void cr_set_completion_append_character(int c) { rl_completion_append_character = c; }
static inline void cr_set_completion_suppress_append(int v) { rl_completion_suppress_append = v; }
static inline void cr_set_completer_word_break_characters(const char *s) { rl_completer_word_break_characters = s; }
static inline void cr_set_basic_word_break_characters(const char *s) { rl_basic_word_break_characters = s; }
static inline const char *cr_line_buffer(void) { return rl_line_buffer; }
static inline int cr_point(void) { return rl_point; }
static inline void cr_point_to_end(void) { rl_point = rl_end; }
static inline void cr_set_done(int v) { rl_done = v; }
static inline void cr_set_catch_signals(int v) { rl_catch_signals = v; }
static inline void cr_set_catch_sigwinch(int v) { rl_catch_sigwinch = v; }
static inline void cr_set_signal_event_hook(cr_hook_function f) { rl_signal_event_hook = f; }
static inline void cr_set_startup_hook(cr_hook_function f) { rl_startup_hook = f; }
static inline void cr_set_readline_name(const char *s) { rl_readline_name = s; }
static inline void cr_set_sort_completion_matches(int v) { rl_sort_completion_matches = v; }
