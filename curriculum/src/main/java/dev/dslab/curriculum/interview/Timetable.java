package dev.dslab.curriculum.interview;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A question's phases scaled to the minutes the learner chose: each phase keeps its share of the question's
 * own length (a 45-minute question's 5-minute phase gets 2 minutes of an 18-minute session).
 */
public record Timetable(Duration total, List<Duration> budgets) {

    public static final int MIN_MINUTES = 15;
    public static final int MAX_MINUTES = 90;
    public static final int DEFAULT_MINUTES = 45;

    public Timetable {
        budgets = List.copyOf(budgets);
    }

    /** @throws IllegalArgumentException minutes outside {@value #MIN_MINUTES} to {@value #MAX_MINUTES} */
    public static Timetable of(InterviewQuestion question, int minutes) {
        if (minutes < MIN_MINUTES || minutes > MAX_MINUTES) {
            throw new IllegalArgumentException("--minutes must be " + MIN_MINUTES + " to " + MAX_MINUTES + ", not " + minutes);
        }
        long totalSeconds = minutes * 60L;
        List<Duration> budgets = new ArrayList<>();
        long given = 0;
        int written = question.minutes();
        for (int i = 0; i < question.phases().size(); i++) {
            long seconds = i == question.phases().size() - 1 ? totalSeconds - given
                    // whole minutes when they divide evenly, else to the 30 s, so the budgets add up to the total
                    : Math.round(totalSeconds * question.phases().get(i).minutes() / (double) written / 30) * 30;
            budgets.add(Duration.ofSeconds(seconds));
            given += seconds;
        }
        return new Timetable(Duration.ofMinutes(minutes), budgets);
    }

    public Duration budget(int phase) {
        return budgets.get(phase);
    }
}
