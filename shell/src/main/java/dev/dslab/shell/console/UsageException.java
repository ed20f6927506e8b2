package dev.dslab.shell.console;

/** The command line itself was wrong (unknown command or option, invalid value): exit code 2. */
public class UsageException extends DslabException {

    public UsageException(String message) {
        super(message);
    }
}
