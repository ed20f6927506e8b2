package dev.dslab.curriculum.interview;

import dev.dslab.curriculum.question.Difficulty;
import dev.dslab.curriculum.question.Source;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A system-design interview question: the prompt, what a candidate should ask first (with the interviewer's
 * answers), the phases of the interview with suggested minutes, the follow-ups an interviewer asks, a model
 * outline whose claims about AWS cite their sources, and the rubric the candidate scores themselves on.
 * Built valid or not at all.
 *
 * <p>The first phase is where requirements are clarified (its notes are followed by the clarifying questions
 * and their answers); the last phase is the interviewer's follow-ups, asked one at a time.
 */
public record InterviewQuestion(String id, String title, Difficulty difficulty, List<String> topics, String prompt,
                                List<Clarification> clarifications, List<Phase> phases, List<FollowUp> followUps,
                                List<OutlinePoint> outline, List<Criterion> rubric) {

    public static final int MIN_FOLLOW_UPS = 3;
    public static final int MAX_FOLLOW_UPS = 6;
    public static final int MIN_CRITERIA = 5;
    public static final int MAX_CRITERIA = 8;
    public static final int MIN_PHASES = 3;

    /** The AWS services an outline point may name; a point naming one must cite where its claim comes from. */
    static final Pattern AWS_SERVICE = Pattern.compile("\\b(DynamoDB|Kinesis|KCL|SQS|SNS|Lambda|S3|Step Functions|API Gateway|"
            + "EventBridge|CloudFront|ElastiCache|Route 53|Aurora|CloudWatch|global tables?)\\b");

    /** A question the candidate should ask before designing, and what the interviewer answers. */
    public record Clarification(String ask, String answer) {
        public Clarification {
            require(ask, "a clarifying question");
            require(answer, "the interviewer's answer to a clarifying question");
        }
    }

    /** A stretch of the interview: its name, suggested minutes (of the question's whole length) and what it should achieve. */
    public record Phase(String name, int minutes, String goal) {
        public Phase {
            require(name, "a phase's name");
            require(goal, "a phase's goal");
            if (minutes < 1) {
                throw new IllegalArgumentException("phase '" + name + "' needs at least 1 minute, not " + minutes);
            }
        }
    }

    /** What the interviewer asks next, and what a strong answer covers. */
    public record FollowUp(String question, String strongAnswer) {
        public FollowUp {
            require(question, "a follow-up");
            require(strongAnswer, "a follow-up's strong answer");
        }
    }

    /** One point of the model outline and the sources of its claims (none only for a point that names no AWS service). */
    public record OutlinePoint(String text, List<Source> sources) {
        public OutlinePoint {
            require(text, "an outline point");
            sources = List.copyOf(sources);
            var service = AWS_SERVICE.matcher(text);
            if (service.find() && sources.stream().allMatch(source -> source.kind() == Source.Kind.WEB)) {
                throw new IllegalArgumentException("an outline point that names " + service.group()
                        + " needs a source (an AWS docs page, a Builders' Library article, a paper section or a book chapter)");
            }
        }
    }

    /** A rubric criterion and what a 1, a 3 and a 5 look like (2 and 4 lie between). */
    public record Criterion(String name, String one, String three, String five) {
        public Criterion {
            require(name, "a criterion's name");
            require(one, "criterion '" + name + "': what a 1 looks like");
            require(three, "criterion '" + name + "': what a 3 looks like");
            require(five, "criterion '" + name + "': what a 5 looks like");
        }
    }

    public InterviewQuestion {
        require(id, "an id");
        require(title, "a title");
        require(prompt, "a prompt");
        Objects.requireNonNull(difficulty, "difficulty");
        topics = List.copyOf(topics);
        clarifications = List.copyOf(clarifications);
        phases = List.copyOf(phases);
        followUps = List.copyOf(followUps);
        outline = List.copyOf(outline);
        rubric = List.copyOf(rubric);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("question " + id + ": at least one topic");
        }
        if (clarifications.size() < 2) {
            throw new IllegalArgumentException("question " + id + ": at least two clarifying questions");
        }
        if (phases.size() < MIN_PHASES) {
            throw new IllegalArgumentException("question " + id + ": at least " + MIN_PHASES
                    + " phases (clarify the requirements first, the follow-ups last)");
        }
        if (followUps.size() < MIN_FOLLOW_UPS || followUps.size() > MAX_FOLLOW_UPS) {
            throw new IllegalArgumentException("question " + id + ": " + MIN_FOLLOW_UPS + " to " + MAX_FOLLOW_UPS + " follow-ups, not "
                    + followUps.size());
        }
        if (rubric.size() < MIN_CRITERIA || rubric.size() > MAX_CRITERIA) {
            throw new IllegalArgumentException("question " + id + ": " + MIN_CRITERIA + " to " + MAX_CRITERIA + " rubric criteria, not "
                    + rubric.size());
        }
        Set<String> names = new LinkedHashSet<>();
        for (Criterion criterion : rubric) {
            if (!names.add(criterion.name().toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("question " + id + ": criterion '" + criterion.name() + "' is named twice");
            }
        }
        if (outline.size() < 3) {
            throw new IllegalArgumentException("question " + id + ": a model outline of at least three points");
        }
        if (outline.stream().allMatch(point -> point.sources().isEmpty())) {
            throw new IllegalArgumentException("question " + id + ": the model outline cites no source");
        }
    }

    /** The phases' suggested minutes added up: the length the question is written for. */
    public int minutes() {
        return phases.stream().mapToInt(Phase::minutes).sum();
    }

    /** Every source the outline cites, each once, in the order first cited. */
    public List<Source> sources() {
        Set<Source> all = new LinkedHashSet<>();
        outline.forEach(point -> all.addAll(point.sources()));
        return List.copyOf(all);
    }

    /** The highest total the rubric allows (5 per criterion). */
    public int maxScore() {
        return rubric.size() * 5;
    }

    private static void require(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " is empty");
        }
    }
}
