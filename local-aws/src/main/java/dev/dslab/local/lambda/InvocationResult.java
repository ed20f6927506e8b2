package dev.dslab.local.lambda;

import java.util.Arrays;
import java.util.Base64;

/**
 * How a synchronous invocation ended, as the Invoke API reports it.
 *
 * @param payload       the function's response, or the error document (errorType, errorMessage, ...)
 * @param functionError whether the payload is an error: the invoke answers X-Amz-Function-Error: Unhandled
 * @param log           the invocation's log: START, the function's output, END, REPORT
 */
public record InvocationResult(byte[] payload, boolean functionError, byte[] log) {

    /** Lambda's LogType=Tail returns the last 4 KB of the invocation's log. */
    static final int LOG_TAIL_BYTES = 4096;

    /** The X-Amz-Log-Result header: base64 of the last 4 KB of the log. */
    public String logTail() {
        byte[] tail = log.length <= LOG_TAIL_BYTES ? log : Arrays.copyOfRange(log, log.length - LOG_TAIL_BYTES, log.length);
        return Base64.getEncoder().encodeToString(tail);
    }
}
