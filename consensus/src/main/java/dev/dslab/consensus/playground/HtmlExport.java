package dev.dslab.consensus.playground;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dslab.consensus.sim.TraceEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One self-contained HTML page that animates a session's trace, whatever the protocol: the nodes on a circle
 * with what the protocol shows of each (Raft: role and term; Paxos: promise, accepted proposal, phase), messages
 * moving from sender to receiver between their send and delivery (or drop), a timeline slider, play, pause and
 * next event. The trace and the node states are inlined as JSON; the page loads nothing.
 */
final class HtmlExport {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a node looks at one moment: its colour key (a legend entry), a short line inside, a longer one below. */
    record Look(boolean up, String key, String inside, String below) {
    }

    /** Every node's look after the event at {@code step}, recorded whenever one of them changed. */
    record Frame(long step, long time, List<Look> nodes) {
    }

    /**
     * What the page shows besides the trace.
     *
     * @param legend   colour keys of nodes and messages: label, colour; a node's key is its label
     * @param messages message colours: a regular expression over the message's type name, colour (first match wins)
     */
    record Player(String protocol, String title, String replay, List<String> names, long seed, String network, long end,
                  List<String> commands, List<List<String>> legend, List<List<String>> messages) {
    }

    private HtmlExport() {
    }

    static String render(Player player, List<TraceEvent> trace, List<Frame> frames, Function<TraceEvent, String> what) {
        return render(player, "playground", Map.of(), trace, frames, what);
    }

    /**
     * @param kind   what the page shows, in its title: playground, failure replay
     * @param extras optional fields the page reads: {@code start} (the first moment shown, in ms), {@code note} (what
     *               the sub-heading says of the run), {@code replayLabel} (the words before {@link Player#replay()})
     */
    static String render(Player player, String kind, Map<String, Object> extras, List<TraceEvent> trace, List<Frame> frames,
                         Function<TraceEvent, String> what) {
        Map<String, Object> data = new LinkedHashMap<>(extras);
        data.put("protocol", player.protocol());
        data.put("names", player.names());
        data.put("nodes", player.names().size());
        data.put("seed", player.seed());
        data.put("network", player.network());
        data.put("end", player.end());
        data.put("replay", player.replay());
        data.put("commands", player.commands());
        data.put("legend", player.legend());
        data.put("messageColors", player.messages());
        data.put("events", trace.stream().map(e -> List.of(e.step(), e.time(), e.kind().name(), e.node(), e.peer(), e.messageId(), what.apply(e))).toList());
        data.put("frames", frames.stream().map(f -> List.of(f.time(), f.step(), f.nodes().stream()
                .map(n -> List.<Object>of(n.up() ? 1 : 0, n.key(), n.inside(), n.below())).toList())).toList());
        String json;
        try {
            // "<" escaped so that no text from the trace can close the script element
            json = JSON.writeValueAsString(data).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the session's data are plain values", e);
        }
        return template().replace("__KIND__", escape(kind)).replace("__PROTOCOL__", escape(player.protocol())).replace("__TITLE__", escape(player.title())).replace("__DATA__", json);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String template() {
        try (InputStream in = HtmlExport.class.getResourceAsStream("player.html")) {
            if (in == null) {
                throw new IllegalStateException("player.html is missing from the consensus jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
