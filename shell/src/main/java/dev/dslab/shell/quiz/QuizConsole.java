package dev.dslab.shell.quiz;

import dev.dslab.curriculum.quiz.AnswerSource;
import dev.dslab.curriculum.quiz.Prose;
import dev.dslab.shell.experiment.LearnerConsole;
import dev.dslab.shell.render.TextWrap;

import java.io.PrintWriter;
import java.util.Optional;

/** The quiz's side of the learner's console: where answers are read from and how prose is wrapped. */
public final class QuizConsole {

    private QuizConsole() {
    }

    /**
     * Answers from the interactive prompt, or one line at a time from standard input (one-shot: typed at a
     * terminal or piped). Piped answers are echoed, as a terminal would have, so the transcript reads as a dialogue.
     */
    public static AnswerSource answers(LearnerConsole console, PrintWriter out) {
        boolean interactive = console.interactive() || System.console() != null;
        return new AnswerSource() {
            @Override
            public Optional<String> ask(String prompt) {
                Optional<String> line = console.ask(prompt, out);
                if (!interactive) {
                    out.println(line.orElse(""));
                }
                return line;
            }

            @Override
            public boolean interactive() {
                return interactive;
            }
        };
    }

    public static Prose prose(LearnerConsole console) {
        int width = console.width();
        return (text, firstIndent, indent) -> TextWrap.paragraphs(text, firstIndent, indent, width);
    }
}
