package dev.dslab.curriculum.question;

/**
 * The result of grading one response: {@code score} from 0 to 1 (partial credit), {@code correct} when it
 * counts as right, and one line of feedback naming the right answer.
 */
public record Grade(double score, boolean correct, String feedback) {

    public Grade {
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be within [0, 1]: " + score);
        }
    }
}
