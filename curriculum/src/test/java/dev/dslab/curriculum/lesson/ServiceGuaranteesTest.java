package dev.dslab.curriculum.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceGuaranteesTest {

    private static final String TABLE = """
            format: 1
            services:
              - service: SQS
                feature: standard queues
                guarantees: At-least-once delivery.
                does-not-guarantee: A message may be delivered twice, or out of order.
                sources:
                  - title: "SQS standard queues"
                    url: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/standard-queues.html
              - service: SNS
                feature: standard topics
                guarantees: At-least-once delivery.
                does-not-guarantee: Order.
                sources:
                  - title: "SQS standard queues"
                    url: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/standard-queues.html
                  - title: "SNS features"
                    url: https://aws.amazon.com/sns/features/
            """;

    private static ServiceGuarantees parse(String text) {
        return ServiceGuarantees.parse("lessons/services.yaml", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rendersATableWithNumberedSourcesListedBelow() {
        List<String> lines = parse(TABLE).render(80, TextStyle.plain()).lines().toList();
        assertThat(lines.get(0)).startsWith("service").contains("| guarantees").contains("| does not guarantee").endsWith("src");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("SQS: standard queues").endsWith("[1]"))
                .anySatisfy(line -> assertThat(line).startsWith("SNS: standard topics").endsWith("[1] [2]"));
        assertThat(lines).containsSubsequence("Sources", "[1] SQS standard queues",
                "    https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/standard-queues.html",
                "[2] SNS features", "    https://aws.amazon.com/sns/features/");
        assertThat(lines).filteredOn(line -> !line.startsWith("    https://"))
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    }

    @Test
    void everyRowNeedsAnAwsPageAndRowsAreUnique() {
        assertThatThrownBy(() -> parse(TABLE.replace("https://aws.amazon.com/sns/features/", "https://example.com/sns")))
                .hasMessage("lessons/services.yaml line 18: a source is an AWS page: an https address on aws.amazon.com or "
                        + "docs.aws.amazon.com, not 'https://example.com/sns'");
        assertThatThrownBy(() -> parse(TABLE.replace("SNS", "SQS").replace("standard topics", "standard queues")))
                .hasMessage("lessons/services.yaml line 10: SQS / standard queues is already a row, on line 3");
        assertThatThrownBy(() -> parse(TABLE.replaceFirst("    sources:\n      - title: \"SQS standard queues\"\n        url: \\S+\n",
                "    sources: []\n")))
                .hasMessage("lessons/services.yaml line 7: SQS / standard queues: every row names at least one AWS page that says so");
        assertThatThrownBy(() -> parse(TABLE.replace("does-not-guarantee: Order.", "not: Order.")))
                .hasMessageStartingWith("lessons/services.yaml line 13: unknown field 'not' in a service row");
    }
}
