package dev.dslab.consensus.playground;

import dev.dslab.consensus.sim.TraceEvent;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Trace events as a learner reads them: node ids from 1 ({@code n1} to {@code nN}), as the playground's commands
 * take them. The simulator numbers nodes from 0, and so do the ids inside messages ({@code candidateId},
 * {@code leaderId}) and network descriptions; those are shifted here, on display only (the session's digest
 * is taken over the simulator's own lines).
 */
final class EventText {
    private static final Pattern ID_FIELD = Pattern.compile("\\b(\\w*Id)=(\\d+)");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    private EventText() {
    }

    static String node(int simulatorId) {
        return "n" + (simulatorId + 1);
    }

    /** A message's rendering with its node-id fields counted from 1. */
    static String message(Object message) {
        return message(message, 1);
    }

    /** A message's rendering with its node-id fields shifted by {@code shift}: 1 to count from 1, 0 to keep the simulator's. */
    private static String message(Object message, int shift) {
        if (shift == 0) {
            return String.valueOf(message);
        }
        Matcher m = ID_FIELD.matcher(String.valueOf(message));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int id = Integer.parseInt(m.group(2));
            m.appendReplacement(out, m.group(1) + "=" + (id + shift));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** What happened, without time: {@code n3 -> n1 #12 RequestVote[...]}. */
    static String what(TraceEvent e) {
        return what(e, EventText::node, "is now ");
    }

    /**
     * What happened, naming nodes with {@code node} (a Paxos session's a1, p1, ...); a state change is the node's
     * note after {@code statePrefix} (Raft's notes are roles: "is now leader term 2").
     */
    static String what(TraceEvent e, IntFunction<String> node, String statePrefix) {
        return what(e, node, statePrefix, 1);
    }

    /** As above, with message ids shifted by {@code idShift} (0: as the harness prints them, nodes named n0 ..). */
    static String what(TraceEvent e, IntFunction<String> node, String statePrefix, int idShift) {
        return switch (e.kind()) {
            case SEND -> node.apply(e.node()) + " -> " + node.apply(e.peer()) + "  send #" + e.messageId() + " " + message(e.detail(), idShift);
            case DELIVER -> node.apply(e.node()) + " <- " + node.apply(e.peer()) + "  got #" + e.messageId() + " " + message(e.detail(), idShift);
            case DUPLICATE -> node.apply(e.node()) + " <- " + node.apply(e.peer()) + "  got #" + e.messageId() + " again (duplicate) " + message(e.detail(), idShift);
            case DROP -> node.apply(e.node()) + " -> " + node.apply(e.peer()) + "  dropped #" + e.messageId() + ": " + e.detail();
            case TIMER -> node.apply(e.node()) + "  timer " + e.detail() + " fired";
            case STATE -> node.apply(e.node()) + "  " + statePrefix + e.detail();
            case CLIENT -> node.apply(e.node()) + "  client: " + message(e.detail(), idShift);
            case CRASH -> node.apply(e.node()) + "  crashed";
            case RESTART -> node.apply(e.node()) + "  " + e.detail();
            case NETWORK -> (e.node() < 0 ? "" : node.apply(e.node()) + "  ") + "network: " + network(String.valueOf(e.detail()), node);
        };
    }

    static String line(TraceEvent e) {
        return String.format("%7d ms  %s", e.time(), what(e));
    }

    static String line(TraceEvent e, IntFunction<String> node, String statePrefix) {
        return String.format("%7d ms  %s", e.time(), what(e, node, statePrefix));
    }

    /** Network descriptions name nodes by number only ("partition [0, 1], [2]", "cut 0->1"): every number is a node. */
    private static String network(String detail, IntFunction<String> node) {
        Matcher m = NUMBER.matcher(detail);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = node.apply(Integer.parseInt(m.group()));
            m.appendReplacement(out, name.startsWith("n") ? name.substring(1) : name);
        }
        m.appendTail(out);
        return out.toString();
    }
}
