package dev.dslab.curriculum.review;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The FSRS-6 scheduler (Free Spaced Repetition Scheduler, open-spaced-repetition), written from its published
 * formulas because no Java FSRS or SM-2 library is in the registries dslab builds from. It follows py-fsrs 6,
 * the reference implementation, including its learning steps (1 and 10 minutes), relearning step (10 minutes),
 * desired retention 0.9 and its 21 default parameters, and is tested against py-fsrs's published interval and
 * memory-state vectors. Fuzz (py-fsrs's random spread of long intervals) is off: a learner's schedule is a
 * pure function of their answers.
 *
 * <p>Symbols as in the formulas: S stability (days until recall probability R falls to 90 %), D difficulty
 * (1 to 10), G the rating (1 again to 4 easy), t whole days since the last review.
 */
public final class Fsrs {

    /** py-fsrs 6's DEFAULT_PARAMETERS (w0 to w20), fitted on the reviews of about 10,000 Anki users. */
    public static final List<Double> DEFAULT_PARAMETERS = List.of(
            0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796, 1.4835,
            0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542);

    private static final double MIN_STABILITY = 0.001;
    private static final double MIN_DIFFICULTY = 1;
    private static final double MAX_DIFFICULTY = 10;

    private final double[] w;
    private final double desiredRetention;
    private final List<Duration> learningSteps;
    private final List<Duration> relearningSteps;
    private final int maximumIntervalDays;
    private final double decay;
    private final double factor;

    public Fsrs(List<Double> parameters, double desiredRetention, List<Duration> learningSteps, List<Duration> relearningSteps,
                int maximumIntervalDays) {
        if (parameters.size() != 21) {
            throw new IllegalArgumentException("FSRS-6 takes 21 parameters, not " + parameters.size());
        }
        if (!(desiredRetention > 0 && desiredRetention < 1)) {
            throw new IllegalArgumentException("desired retention must be between 0 and 1: " + desiredRetention);
        }
        this.w = parameters.stream().mapToDouble(Double::doubleValue).toArray();
        this.desiredRetention = desiredRetention;
        this.learningSteps = List.copyOf(learningSteps);
        this.relearningSteps = List.copyOf(relearningSteps);
        this.maximumIntervalDays = maximumIntervalDays;
        this.decay = -w[20];
        // chosen so that R = 0.9 exactly when t = S
        this.factor = Math.pow(0.9, 1 / decay) - 1;
    }

    /** py-fsrs 6's defaults: retention 0.9, learning steps 1 and 10 minutes, relearning 10 minutes, at most 100 years. */
    public static Fsrs defaults() {
        return new Fsrs(DEFAULT_PARAMETERS, 0.9, List.of(Duration.ofMinutes(1), Duration.ofMinutes(10)),
                List.of(Duration.ofMinutes(10)), 36_500);
    }

    /** The probability of recalling the card at {@code now}: 0 before its first review. */
    public double retrievability(ReviewCard card, Instant now) {
        if (card.lastReview() == null) {
            return 0;
        }
        long days = Math.max(0, Duration.between(card.lastReview(), now).toDays());
        return Math.pow(1 + factor * days / card.stability(), decay);
    }

    /** The card after a review rated {@code rating} at {@code now}. */
    public ReviewCard review(ReviewCard card, Rating rating, Instant now) {
        Long daysSinceLast = card.lastReview() == null ? null : Duration.between(card.lastReview(), now).toDays();
        boolean sameDay = daysSinceLast != null && daysSinceLast < 1;
        double stability;
        double difficulty;
        if (card.isNew()) {
            stability = clampStability(w[rating.value() - 1]);
            difficulty = clampDifficulty(initialDifficulty(rating));
        } else {
            stability = sameDay ? shortTermStability(card.stability(), rating)
                    : nextStability(card.difficulty(), card.stability(), retrievability(card, now), rating);
            difficulty = nextDifficulty(card.difficulty(), rating);
        }
        return switch (card.state()) {
            case LEARNING -> stepped(CardState.LEARNING, learningSteps, card.step(), stability, difficulty, rating, now);
            case RELEARNING -> stepped(CardState.RELEARNING, relearningSteps, card.step(), stability, difficulty, rating, now);
            case REVIEW -> rating == Rating.AGAIN && !relearningSteps.isEmpty()
                    ? new ReviewCard(CardState.RELEARNING, 0, stability, difficulty, now.plus(relearningSteps.get(0)), now)
                    : graduated(stability, difficulty, now);
        };
    }

    /** Learning and relearning: short steps in minutes until the last one is passed, then days. */
    private ReviewCard stepped(CardState state, List<Duration> steps, int step, double stability, double difficulty, Rating rating,
                               Instant now) {
        if (steps.isEmpty() || (step >= steps.size() && rating != Rating.AGAIN)) {
            return graduated(stability, difficulty, now);
        }
        return switch (rating) {
            case AGAIN -> new ReviewCard(state, 0, stability, difficulty, now.plus(steps.get(0)), now);
            case HARD -> {
                Duration wait;
                if (step == 0 && steps.size() == 1) {
                    wait = Duration.ofMillis(Math.round(steps.get(0).toMillis() * 1.5));
                } else if (step == 0) {
                    wait = Duration.ofMillis(Math.round((steps.get(0).toMillis() + steps.get(1).toMillis()) / 2.0));
                } else {
                    wait = steps.get(step);
                }
                yield new ReviewCard(state, step, stability, difficulty, now.plus(wait), now);
            }
            case GOOD -> step + 1 == steps.size() ? graduated(stability, difficulty, now)
                    : new ReviewCard(state, step + 1, stability, difficulty, now.plus(steps.get(step + 1)), now);
            case EASY -> graduated(stability, difficulty, now);
        };
    }

    private ReviewCard graduated(double stability, double difficulty, Instant now) {
        return new ReviewCard(CardState.REVIEW, -1, stability, difficulty, now.plus(Duration.ofDays(intervalDays(stability))), now);
    }

    /** The whole days until R falls to the desired retention, at least 1; rounded half to even as Python's round(). */
    int intervalDays(double stability) {
        double days = Math.rint(stability / factor * (Math.pow(desiredRetention, 1 / decay) - 1));
        return (int) Math.min(Math.max(days, 1), maximumIntervalDays);
    }

    /** D0(G) = w4 - e^(w5 (G - 1)) + 1, unclamped (mean reversion aims at the unclamped D0(easy)). */
    private double initialDifficulty(Rating rating) {
        return w[4] - Math.exp(w[5] * (rating.value() - 1)) + 1;
    }

    /** Linear damping of the change, then mean reversion towards D0(easy). */
    private double nextDifficulty(double difficulty, Rating rating) {
        double change = -w[6] * (rating.value() - 3);
        double damped = difficulty + (10 - difficulty) * change / 9;
        return clampDifficulty(w[7] * initialDifficulty(Rating.EASY) + (1 - w[7]) * damped);
    }

    /** A review on the same day: S' = S e^(w17 (G - 3 + w18)) S^(-w19), never lower than S for good and easy. */
    private double shortTermStability(double stability, Rating rating) {
        double increase = Math.exp(w[17] * (rating.value() - 3 + w[18])) * Math.pow(stability, -w[19]);
        if (rating == Rating.GOOD || rating == Rating.EASY) {
            increase = Math.max(increase, 1);
        }
        return clampStability(stability * increase);
    }

    private double nextStability(double difficulty, double stability, double retrievability, Rating rating) {
        if (rating == Rating.AGAIN) {
            double longTerm = w[11] * Math.pow(difficulty, -w[12]) * (Math.pow(stability + 1, w[13]) - 1)
                    * Math.exp((1 - retrievability) * w[14]);
            double shortTerm = stability / Math.exp(w[17] * w[18]);
            return clampStability(Math.min(longTerm, shortTerm));
        }
        double hardPenalty = rating == Rating.HARD ? w[15] : 1;
        double easyBonus = rating == Rating.EASY ? w[16] : 1;
        return clampStability(stability * (1 + Math.exp(w[8]) * (11 - difficulty) * Math.pow(stability, -w[9])
                * (Math.exp((1 - retrievability) * w[10]) - 1) * hardPenalty * easyBonus));
    }

    private static double clampStability(double stability) {
        return Math.max(stability, MIN_STABILITY);
    }

    private static double clampDifficulty(double difficulty) {
        return Math.min(Math.max(difficulty, MIN_DIFFICULTY), MAX_DIFFICULTY);
    }
}
