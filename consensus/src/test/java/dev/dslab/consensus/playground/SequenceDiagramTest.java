package dev.dslab.consensus.playground;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The text message-sequence diagram that 'raft animate' and 'paxos animate' draw, frame by frame. */
class SequenceDiagramTest {

    @Test
    void aPaxosRoundIsArrowsBetweenColumnsWithStateChangesMarked() {
        PaxosPlayground paxos = PaxosPlayground.start(new PaxosOptions(3, 1, 1, "reliable"));
        paxos.apply("propose p1 x");
        paxos.apply("crash a3");
        paxos.apply("run 30ms");
        List<SequenceDiagram.Row> rows = SequenceDiagram.of(paxos);
        List<String> lines = rows.stream().map(SequenceDiagram.Row::text).toList();
        String header = SequenceDiagram.header(paxos.nodeNames());
        assertThat(header).isEqualTo("      ms     a1       a2       a3       p1");
        int a1 = header.indexOf("a1");
        int p1 = header.indexOf("p1");
        // a Prepare from p1 to a1 arrives: an arrow from p1's column to a1's, pointing at a1
        String prepare = lines.stream().filter(l -> l.contains("p1->a1 Prepare[ballot=1.1]")).findFirst().orElseThrow();
        assertThat(prepare.charAt(a1)).isEqualTo('<');
        assertThat(prepare.charAt(p1)).isEqualTo('o');
        assertThat(prepare.substring(a1 + 1, p1)).matches("-+").doesNotContain(" ");
        assertThat(prepare).containsPattern("\\(\\d+ ms\\)$");
        // the promise comes back the other way
        String promise = lines.stream().filter(l -> l.contains("a1->p1 Promise[")).findFirst().orElseThrow();
        assertThat(promise.charAt(a1)).isEqualTo('o');
        assertThat(promise.charAt(p1)).isEqualTo('>');
        // a crash marks the column X and it is dotted afterwards; a message to it is dropped, ending in x
        int crashed = lines.indexOf(lines.stream().filter(l -> l.endsWith("a3: crashed")).findFirst().orElseThrow());
        assertThat(lines.get(crashed).charAt(header.indexOf("a3"))).isEqualTo('X');
        int a3 = header.indexOf("a3");
        assertThat(lines.subList(0, crashed)).allMatch(l -> l.charAt(a3) != ':');
        assertThat(lines.subList(crashed + 1, lines.size())).anyMatch(l -> l.charAt(a3) == ':').allMatch(l -> l.charAt(a3) != '|');
        assertThat(lines).anyMatch(l -> l.contains("p1->a3 dropped: receiver down") && l.contains("x"));
        assertThat(lines).anyMatch(l -> l.endsWith("p1: learned x") && l.charAt(p1) == '*');
        assertThat(lines).noneMatch(l -> l.contains(" send #"));
        assertThat(rows.get(0).step()).isZero();
    }

    @Test
    void aPartitionIsARuleAcrossEveryColumnNamingTheGroups() {
        Playground raft = Playground.start(new SessionOptions(3, 1, "reliable"));
        raft.apply("partition 1 2,3");
        raft.apply("run 700ms");
        List<String> lines = SequenceDiagram.of(raft).stream().map(SequenceDiagram.Row::text).toList();
        assertThat(lines).anyMatch(l -> l.matches("\\s+0 =+  partition \\[1\\], \\[2, 3\\]"));
        assertThat(lines).anyMatch(l -> l.contains(": candidate term 1") && l.contains("*"));
        assertThat(lines).anyMatch(l -> l.contains("RequestVote[term=1, candidateId="));
    }

    @Test
    void aFrameShowsTheNewestRowsThatFitUnderTheHeader() {
        List<SequenceDiagram.Row> rows = List.of(new SequenceDiagram.Row(0, "r0"), new SequenceDiagram.Row(0, "r1"),
                new SequenceDiagram.Row(3, "r2"), new SequenceDiagram.Row(5, "r3 is long"));
        assertThat(SequenceDiagram.stepEnds(rows)).containsExactly(2, 3, 4);
        assertThat(SequenceDiagram.frame("head", rows, 2, 10, 80)).containsExactly("head", "r0", "r1");
        assertThat(SequenceDiagram.frame("head", rows, 4, 3, 5)).containsExactly("head", "r2", "r3 is");
    }
}
