package dev.dslab.shell.learn;

import dev.dslab.consensus.exercise.Exercises;
import dev.dslab.consensus.exercise.Stage;
import dev.dslab.curriculum.lesson.Lesson;
import dev.dslab.curriculum.lesson.LessonLoader;
import dev.dslab.curriculum.lesson.Lessons;
import dev.dslab.scenarios.Experiments;
import dev.dslab.scenarios.engine.Experiment;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lesson-format rules only the shell can check, since it sees every catalogue: each lesson's experiments are
 * in `experiment list` and its exercises in `exercise list`; and no lesson id is one of learn's own words.
 */
class BundledLessonLinksTest {

    private static final Lessons LESSONS = LessonLoader.loadBundled();

    @Test
    void everyLinkedExperimentAndExerciseExists() {
        Set<String> experiments = Experiments.catalog().all().stream().map(Experiment::name).collect(Collectors.toSet());
        Set<String> exercises = Exercises.all().stream().map(Stage::id).collect(Collectors.toSet());
        assertThat(LESSONS.lessons()).isNotEmpty();
        for (Lesson lesson : LESSONS.lessons()) {
            assertThat(experiments).as(lesson.file() + ": experiments (allowed " + experiments + ")").containsAll(lesson.experiments());
            assertThat(exercises).as(lesson.file() + ": exercises (allowed " + exercises + ")").containsAll(lesson.exercises());
        }
    }

    @Test
    void noLessonIdIsAWordOfTheLearnCommand() {
        assertThat(LESSONS.lessons()).extracting(Lesson::id).doesNotContainAnyElementsOf(LearnCommands.VERBS);
    }
}
