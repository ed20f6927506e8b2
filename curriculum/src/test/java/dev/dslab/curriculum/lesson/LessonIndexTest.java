package dev.dslab.curriculum.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LessonIndexTest {

    private static final LessonIndex INDEX = new LessonIndex(LessonLoader.load(LessonIndexTest.class.getClassLoader(),
            LessonLoaderTest.FIXTURES));

    @Test
    void sectionsFollowTheHeadings() {
        assertThat(INDEX.sections()).extracting(LessonIndex.Section::heading)
                .containsExactly("A second lesson", "Reading your own writes on DynamoDB", "Session guarantees", "A diagram");
        assertThat(INDEX.sections().get(1).text()).startsWith("An eventually consistent read might not reflect")
                .doesNotContain("[src:");
    }

    @Test
    void aPhraseIsFoundIgnoringCaseAndPunctuationWithASnippetAroundIt() {
        for (String query : List.of("read-your-writes", "READ YOUR WRITES", "\"read your-writes\"")) {
            List<LessonIndex.LessonHit> hits = INDEX.search(query);
            assertThat(hits).extracting(hit -> hit.lesson().id()).containsExactly("read-consistency");
            LessonIndex.SectionHit best = hits.get(0).sections().get(0);
            assertThat(best.section().heading()).isEqualTo("Session guarantees");
            LessonIndex.Snippet snippet = best.snippet();
            assertThat(snippet.text().substring(snippet.start(), snippet.end())).isEqualTo("Read-your-writes");
            assertThat(snippet.text()).startsWith("Read-your-writes says that a read reflects every earlier write of the same")
                    .endsWith("…");
        }
    }

    @Test
    void everyWordMustBeInTheSectionAndAWordMatchesTheStartOfWords() {
        assertThat(INDEX.search("sloppy quorum")).extracting(hit -> hit.lesson().id()).containsExactly("other-lesson");
        assertThat(INDEX.search("sloppy paxos")).isEmpty();
        assertThat(INDEX.search("--")).isEmpty();
        LessonIndex.Snippet snippet = INDEX.search("quorum").get(0).sections().get(0).snippet();
        assertThat(snippet.text().substring(snippet.start(), snippet.end())).isEqualTo("quorums");
    }

    @Test
    void thePhraseAndTheHeadingRankFirst() {
        // "consistent read" as a phrase is in the first section; both words are also in the table's section
        List<LessonIndex.SectionHit> sections = INDEX.search("consistent read").get(0).sections();
        assertThat(sections.get(0).section().heading()).isEqualTo("Reading your own writes on DynamoDB");
        assertThat(INDEX.search("diagram").get(0).sections().get(0).section().heading()).isEqualTo("A diagram");
        assertThat(INDEX.search("follower").get(0).sections().get(0).snippet().text()).contains("leader ──log──▶ follower");
    }
}
