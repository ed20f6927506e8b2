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

/**
 * One self-contained HTML page that animates a session's trace: the nodes on a circle with their role and term,
 * messages moving from sender to receiver between their send and delivery (or drop), a timeline slider, play,
 * pause and next event. The trace and the node states are inlined as JSON; the page loads nothing.
 */
final class HtmlExport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private HtmlExport() {
    }

    static String render(Playground playground) {
        SessionOptions o = playground.options();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("nodes", o.nodes());
        data.put("seed", o.seed());
        data.put("network", o.network());
        data.put("end", playground.now());
        data.put("commands", playground.commands());
        data.put("events", playground.trace().stream().map(HtmlExport::event).toList());
        data.put("frames", playground.frames().stream().map(HtmlExport::frame).toList());
        String json;
        try {
            // "<" escaped so that no text from the trace can close the script element
            json = JSON.writeValueAsString(data).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the session's data are plain values", e);
        }
        String title = o.nodes() + " nodes, seed " + o.seed() + ", " + playground.commands().size() + " commands";
        return template().replace("__TITLE__", title).replace("__DATA__", json);
    }

    private static List<Object> event(TraceEvent e) {
        return List.of(e.step(), e.time(), e.kind().name(), e.node(), e.peer(), e.messageId(), EventText.what(e));
    }

    private static List<Object> frame(Playground.Frame f) {
        return List.of(f.time(), f.step(), f.nodes().stream()
                .map(s -> List.<Object>of(s.up() ? 1 : 0, s.role(), s.term(), s.votedFor() < 0 ? 0 : s.votedFor(), s.lastIndex(), s.commitIndex()))
                .toList());
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
