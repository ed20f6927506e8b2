package dev.dslab.curriculum.interview;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The interview questions of one file, in the file's order, with the line each starts on.
 *
 * @param file the resource name (interviews/aws-system-design.yaml), as messages name it
 */
public record InterviewBank(String file, String title, List<InterviewQuestion> questions, Map<String, Integer> lines) {

    public InterviewBank {
        questions = List.copyOf(questions);
        lines = Map.copyOf(lines);
    }

    public Optional<InterviewQuestion> question(String id) {
        return questions.stream().filter(question -> question.id().equals(id)).findFirst();
    }

    /** The ids, comma-separated, for messages that say what is allowed. */
    public String ids() {
        return String.join(", ", questions.stream().map(InterviewQuestion::id).toList());
    }
}
