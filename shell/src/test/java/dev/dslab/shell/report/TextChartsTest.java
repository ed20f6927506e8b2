package dev.dslab.shell.report;

import dev.dslab.scenarios.engine.Chart;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextChartsTest {

    private static Chart chart(String id) {
        return SampleRuns.completed("r1").result().charts().stream().filter(chart -> chart.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void everyChartKindFitsTheWidthInAsciiAndInUnicode() {
        for (Chart chart : SampleRuns.completed("r1").result().charts()) {
            for (int width : new int[] {40, 80, 132}) {
                for (boolean unicode : new boolean[] {false, true}) {
                    String text = TextCharts.render(chart, TextStyle.plain(width, unicode));
                    assertThat(text.lines()).as(chart.kind() + " at " + width).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(width));
                    assertThat(text).doesNotContain("\u001B[");
                    if (!unicode) {
                        assertThat(text.chars()).as(chart.kind() + " in ASCII").allMatch(c -> c < 128 || chart.title().indexOf(c) >= 0);
                    }
                }
            }
        }
    }

    @Test
    void aLineageIsATreeOfParentsAndChildrenWithRangesAndTimes() {
        String text = TextCharts.render(chart("lineage"), TextStyle.plain(132, false));
        List<String> lines = text.lines().toList();
        assertThat(lines.get(2)).startsWith("  shard 0 ").contains("0-50 %", "0-4 s, closed");
        assertThat(lines.get(3)).startsWith("  |- shard 2").contains("0-25 %", "4-8 s, closed");
        assertThat(lines.get(4)).startsWith("  |  `- shard 4").contains("0-50 %", "from 8 s, open", "(merge of shard 2 + shard 3)");
        assertThat(lines.get(5)).startsWith("  `- shard 3").contains("25-50 %");
        assertThat(lines.get(6)).isEqualTo("     `- shard 4 (merged: drawn above)");
        assertThat(lines.get(7)).startsWith("  shard 1 ").contains("50-100 %", "from 0 s, open");
        assertThat(lines).hasSize(8);
    }

    @Test
    void aLinePlotHasAxesTheRangeAndALegendPerSeries() {
        String text = TextCharts.render(chart("stale-by-age"), TextStyle.plain(80, false));
        assertThat(text).contains("stale %", "ms since write", "* eventual", "o strong", "60", "80");
        // the eventual series starts high on the left: its marker is on the top row right after the axis
        assertThat(text.lines().filter(line -> line.startsWith("60 |")).findFirst().orElseThrow()).startsWith("60 |*");
        assertThat(text.lines().filter(line -> line.contains("+----")).count()).isEqualTo(1);
    }

    @Test
    void barsAreProportionalAndShowTheirValues() {
        String text = TextCharts.render(chart("cost"), TextStyle.plain(80, false));
        String eventual = text.lines().filter(line -> line.contains("eventual")).findFirst().orElseThrow();
        String strong = text.lines().filter(line -> line.contains("strong")).findFirst().orElseThrow();
        long eventualLength = eventual.chars().filter(c -> c == '#').count();
        long strongLength = strong.chars().filter(c -> c == '#').count();
        assertThat(strongLength).isGreaterThan(0);
        assertThat((double) eventualLength / strongLength).isBetween(0.45, 0.55);
        assertThat(eventual).endsWith(" 500");
        assertThat(strong).endsWith(" 1,000");
    }

    @Test
    void barsOfSeveralSeriesKeepTheirLabelsAndNumberTheSeriesInALegend() {
        Chart handoffs = new Chart("handoffs", "where the seconds go", Chart.Kind.BAR, "parents -> child", "seconds", List.of(
                new Chart.Series("parent's last record to its shard end (checkpointed)",
                        List.of(new Chart.Point(0, 1.2, "shard 0 -> shard 2"), new Chart.Point(1, 0.8, "shard 0 -> shard 3"))),
                new Chart.Series("shard end to the child started (lease assigned, parents found finished)",
                        List.of(new Chart.Point(0, 2.8, "shard 0 -> shard 2"), new Chart.Point(1, 2.9, "shard 0 -> shard 3")))));
        List<String> lines = TextCharts.render(handoffs, TextStyle.plain(80, false)).lines().toList();
        assertThat(lines.get(0)).isEqualTo("where the seconds go");
        assertThat(lines.get(1)).isEqualTo("  [1] parent's last record to its shard end (checkpointed)");
        assertThat(lines.get(2)).startsWith("  [2] shard end to the child started");
        assertThat(lines.subList(4, 8)).extracting(line -> line.substring(2, 24))
                .containsExactly("shard 0 -> shard 2 [1]", "shard 0 -> shard 3 [1]", "shard 0 -> shard 2 [2]", "shard 0 -> shard 3 [2]");
        assertThat(lines.get(7)).endsWith(" 2.90");
    }

    @Test
    void aTimelineDrawsOneStripPerSeriesWithTheDropVisible() {
        String text = TextCharts.render(chart("phases"), TextStyle.plain(80, false));
        String strong = text.lines().filter(line -> line.contains("strong reads")).findFirst().orElseThrow();
        // 100 % is the highest level, 0 % the lowest visible one: the partition shows as a dip in the middle
        assertThat(strong).contains("#").contains("_");
        assertThat(strong.indexOf('_')).isGreaterThan(strong.indexOf('#'));
        assertThat(text).contains("run time (s)", "0 (lowest) to 100 (highest)");
    }

    @Test
    void colourIsOnlyAddedWhenAsked() {
        String colored = TextCharts.render(chart("stale-by-age"), new TextStyle(80, true, true));
        assertThat(colored).contains("\u001B[");
    }
}
