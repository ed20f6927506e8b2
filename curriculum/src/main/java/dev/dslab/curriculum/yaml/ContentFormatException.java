package dev.dslab.curriculum.yaml;

/** A content file (a question bank, the interview bank, a lesson) that cannot be used: one line naming the file, the line and the problem. */
public final class ContentFormatException extends RuntimeException {

    private final String file;
    private final int line;

    public ContentFormatException(String file, int line, String problem) {
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
