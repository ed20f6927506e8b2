package dev.dslab.consensus.playground;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * What differs between the Raft and the Paxos playgrounds' sessions: their options, how a session starts, and
 * the words in messages. {@link Sessions} does the rest (file, lock, replay, digest check, export).
 *
 * @param <O> the options a session starts from (cluster size, seed, network)
 * @param <P> the running session
 */
public interface SessionKind<O, P extends SimulatedSession> {

    /** The protocol as a sentence names it: Raft, Paxos. */
    String title();

    /** The command word: raft, paxos. */
    String word();

    /** A 'new' command that starts a session, for messages saying how to. */
    String example();

    P start(O options);

    /** The options as the session file's fields, in order (beside {@code format} and {@code commands}). */
    Map<String, Object> fields(O options);

    /** The options from the session file's fields; a {@link BadCommandException} when they are out of range. */
    O options(JsonNode file);

    /** What 'new' prints. */
    String started(O options, P session);
}
