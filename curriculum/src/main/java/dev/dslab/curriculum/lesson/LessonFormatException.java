package dev.dslab.curriculum.lesson;

/** A lesson file (or the services table) that cannot be used: one line naming the file, the line and the problem. */
public final class LessonFormatException extends RuntimeException {

    private final String file;
    private final int line;

    public LessonFormatException(String file, int line, String problem) {
        super(file + (line > 0 ? " line " + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** 1-based; 0 when the problem has no line (the file is missing or not text). */
    public int line() {
        return line;
    }
}
