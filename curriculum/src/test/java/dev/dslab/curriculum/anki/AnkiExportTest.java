package dev.dslab.curriculum.anki;

import dev.dslab.curriculum.bank.BankLoader;
import dev.dslab.curriculum.bank.QuestionBanks;
import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Question;
import dev.dslab.curriculum.question.Source;
import dev.dslab.curriculum.quiz.QuizTopics;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnkiExportTest {

    private static final Source PAPER = new Source(Source.Kind.PAPER, "Lamport: Time, Clocks & the <Ordering> of Events",
            "https://doi.org/10.1145/359545.359563", "section 2");

    @Test
    void aChoiceQuestionIsOneEscapedLineWithTheAnswerExplanationAndSourceOnTheBack() {
        Question question = new Question("clocks.happened-before", "If a -> b, is C(a) < C(b)?\nSay \"yes\" or\tno.",
                List.of("yes, by the clock condition", "only if a & b are on one process"), new AnswerKey.SingleChoice(0),
                "The clock condition: a -> b implies C(a) < C(b).", List.of(PAPER), Difficulty.EASY, List.of("clocks", "ordering"),
                "Does C(a) < C(b) imply a -> b?");
        String file = AnkiExport.export(List.of(question), ignored -> "cap-consistency");
        List<String> lines = file.lines().toList();

        assertThat(lines.subList(0, 6)).containsExactly("#separator:tab", "#html:true", "#notetype:Basic", "#deck:dslab", "#guid column:1",
                "#tags column:4");
        assertThat(lines).hasSize(7);
        String[] fields = lines.get(6).split("\t", -1);
        assertThat(fields).hasSize(4);
        assertThat(fields[0]).isEqualTo("dslab-clocks.happened-before");
        assertThat(fields[1]).isEqualTo("If a -&gt; b, is C(a) &lt; C(b)?<br>Say &quot;yes&quot; or no.<ol type=\"a\"><li>yes, by the clock condition</li>"
                + "<li>only if a &amp; b are on one process</li></ol>");
        assertThat(fields[2]).startsWith("<b>a) yes, by the clock condition</b><br><br>The clock condition: a -&gt; b implies C(a) &lt; C(b).")
                .contains("<li><a href=\"https://doi.org/10.1145/359545.359563\">Lamport: Time, Clocks &amp; the &lt;Ordering&gt; of Events</a>, section 2</li>")
                .endsWith("An interviewer would ask next: Does C(a) &lt; C(b) imply a -&gt; b?");
        assertThat(fields[3]).isEqualTo("dslab dslab::cap-consistency clocks ordering");
    }

    @Test
    void everyBundledQuestionExportsAsOneNoteOfFourFields() {
        QuestionBanks banks = BankLoader.loadBundled();
        QuizTopics topics = new QuizTopics(banks);
        String file = AnkiExport.export(banks.questions(), topics::topicSetOf);
        List<String> notes = file.lines().filter(line -> !line.startsWith("#")).toList();
        assertThat(notes).hasSize(banks.questions().size());
        assertThat(notes).allSatisfy(note -> assertThat(note.split("\t", -1)).hasSize(4));
        assertThat(notes).noneMatch(note -> note.contains("\"") && !note.contains("=\""));
        Question open = banks.questions().stream().filter(question -> question.key() instanceof AnswerKey.Open).findFirst().orElseThrow();
        assertThat(notes).anySatisfy(note -> assertThat(note).startsWith("dslab-" + open.id() + "\t").contains("Rubric:<ul><li>"));
    }
}
