package dev.dslab.curriculum.bank;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dslab.curriculum.question.AnswerKey;
import dev.dslab.curriculum.question.Question;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every bank dslab ships loads, validates and holds what issue 6 asks of it; the build fails otherwise. */
class BundledBanksTest {

    private static QuestionBanks banks;

    @BeforeAll
    static void load() {
        banks = BankLoader.loadBundled();
    }

    @Test
    void everyFileInTheQuestionsFolderIsABankThatLoads() throws IOException {
        List<String> files;
        try (Stream<Path> listed = Files.list(Path.of("src/main/resources/questions"))) {
            files = listed.map(path -> "questions/" + path.getFileName()).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        assertThat(banks.banks().stream().map(QuestionBank::file).sorted().toList()).isEqualTo(files);
    }

    @Test
    void aBankLoadsAloneAsItLoadsWithTheOthers() {
        for (QuestionBank bank : banks.banks()) {
            assertThat(BankLoader.load(bank.topicSet())).hasValueSatisfying(alone -> assertThat(alone.questions()).isEqualTo(bank.questions()));
        }
    }

    @Test
    void eachBankHoldsAtLeastTheQuestionsTheIssueAsksFor() {
        assertThat(banks.shortfalls()).isEmpty();
    }

    @Test
    void everyDeclaredTopicIsPractisedAndEveryDifficultyAppears() {
        banks.countsByTopic().forEach((set, perTopic) ->
                assertThat(perTopic).as("questions per topic of " + set.id()).allSatisfy((topic, count) -> assertThat(count).isPositive()));
        for (QuestionBank bank : banks.banks()) {
            assertThat(bank.questions().stream().map(Question::difficulty).distinct().count()).as(bank.file()).isEqualTo(3);
            assertThat(bank.questions().stream().map(Question::kindName).distinct().count()).as(bank.file()).isEqualTo(5);
        }
    }

    /** A bank whose right answers mostly sit at one letter teaches guessing, not the subject. */
    @Test
    void rightAnswersAreSpreadOverTheLetters() {
        for (QuestionBank bank : banks.banks()) {
            List<Integer> keys = bank.questions().stream().filter(question -> question.key() instanceof AnswerKey.SingleChoice)
                    .map(question -> ((AnswerKey.SingleChoice) question.key()).correct()).toList();
            Map<Integer, Long> perLetter = keys.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(perLetter.values()).as(bank.file() + " single-choice keys per letter " + perLetter)
                    .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(Math.max(2, keys.size() * 2 / 5)));
        }
    }

    /** "Pick the longest option" must not be a winning strategy: at most 40 % of keys may be the longest option. */
    @Test
    void theRightAnswerIsNotGivenAwayByItsLength() {
        for (QuestionBank bank : banks.banks()) {
            List<Question> singles = bank.questions().stream().filter(question -> question.key() instanceof AnswerKey.SingleChoice).toList();
            List<String> longestIsRight = singles.stream().filter(BundledBanksTest::keyIsTheLongestOption).map(Question::id).toList();
            assertThat(longestIsRight.size()).as(bank.file() + ": the key is the longest option in " + longestIsRight)
                    .isLessThanOrEqualTo(singles.size() * 2 / 5);
        }
    }

    private static boolean keyIsTheLongestOption(Question question) {
        int key = ((AnswerKey.SingleChoice) question.key()).correct();
        int keyLength = question.options().get(key).length();
        return question.options().stream().filter(option -> option.length() >= keyLength).count() == 1;
    }

    @Test
    void multipleChoiceQuestionsAreNotGivenAwayByTheirShape() {
        for (Question question : banks.questions()) {
            if (question.key() instanceof AnswerKey.MultipleChoice multiple) {
                assertThat(question.options().size()).as(question.id()).isGreaterThanOrEqualTo(4);
                assertThat(multiple.correct().size()).as(question.id() + ": not every option is right").isLessThan(question.options().size());
            }
        }
    }
}
