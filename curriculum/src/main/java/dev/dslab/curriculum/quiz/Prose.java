package dev.dslab.curriculum.quiz;

/** Prose laid out for the learner's terminal (the shell wraps to its width); each call returns whole lines. */
@FunctionalInterface
public interface Prose {

    /** @param firstIndent the first line's indent (e.g. a bullet), {@code indent} every other line's */
    String lines(String text, String firstIndent, String indent);

    /** No wrapping: for tests and pipes that do their own. */
    static Prose unwrapped() {
        return (text, firstIndent, indent) -> firstIndent + text.strip().replaceAll("\\s*\\n\\s*", " ") + "\n";
    }
}
