package dev.dslab.shell.e2e;

import dev.dslab.curriculum.question.Question;
import dev.dslab.shell.quiz.PipedAnswers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A one-shot `quiz start` killed -9 while the second question waits for its answer keeps the first answer and its schedule. */
class QuizKillIT {

    @TempDir
    Path home;

    @Test
    void aQuizKilledMidwayKeepsEveryAnswerGivenAndItsSchedule() throws Exception {
        DslabProcess dslab = new DslabProcess(home, Map.of());
        List<Question> questions = PipedAnswers.picked("consensus", 3, 9);
        Process quiz = dslab.builder("quiz", "start", "--topic", "consensus", "--count", "3", "--seed", "9", "--learner", "kim")
                .redirectErrorStream(true).start();
        try (OutputStream answers = quiz.getOutputStream();
             BufferedReader output = new BufferedReader(new InputStreamReader(quiz.getInputStream(), StandardCharsets.UTF_8))) {
            answers.write((String.join("\n", PipedAnswers.answer(questions.get(0), true)) + "\n").getBytes(StandardCharsets.UTF_8));
            answers.flush();
            String line;
            while ((line = output.readLine()) != null && !line.startsWith("Question 2 of 3")) {
                // the first answer is in: the second question is on screen, waiting for input that never comes
            }
            assertThat(line).as("the quiz reached its second question").isNotNull();
            quiz.destroyForcibly().waitFor();
        }

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + home.resolve("dslab.db"));
             ResultSet attempts = db.createStatement().executeQuery("SELECT card, correct FROM quiz_attempt WHERE learner = 'kim'");
             ResultSet cards = db.createStatement().executeQuery("SELECT card FROM review_card WHERE learner = 'kim'")) {
            assertThat(attempts.next()).isTrue();
            assertThat(attempts.getString("card")).isEqualTo(questions.get(0).id());
            assertThat(attempts.getInt("correct")).isEqualTo(1);
            assertThat(attempts.next()).as("only the answered question is stored").isFalse();
            assertThat(cards.next()).isTrue();
            assertThat(cards.getString("card")).isEqualTo(questions.get(0).id());
            assertThat(cards.next()).isFalse();
        }
        assertThat(dslab.run("quiz", "stats", "--learner", "kim").expectSuccess().out()).contains("kim: 1 answer in 1 quiz");
    }
}
