package dev.dslab.curriculum.lesson;

import java.util.List;
import java.util.Optional;

/**
 * One lesson, valid: its front matter, and its CommonMark body with every {@code [src:id]} resolving to one of
 * {@link #sources()} and every source cited.
 *
 * @param file           the name messages use ({@code lessons/<id>.md})
 * @param order          its place in {@code learn list}
 * @param questionTopics quiz topic sets or topics that practise it ({@code quiz start --topic X})
 * @param experiments    {@code experiment list} ids that show it
 * @param exercises      {@code exercise list} ids that practise it
 * @param body           the Markdown after the front matter
 * @param bodyLine       the file's line (1-based) the body starts on
 */
public record Lesson(String file, String id, String title, String summary, int order, List<String> questionTopics,
                     List<String> experiments, List<String> exercises, List<LessonSource> sources, String body, int bodyLine) {

    public Lesson {
        questionTopics = List.copyOf(questionTopics);
        experiments = List.copyOf(experiments);
        exercises = List.copyOf(exercises);
        sources = List.copyOf(sources);
    }

    public Optional<LessonSource> source(String sourceId) {
        return sources.stream().filter(source -> source.id().equals(sourceId)).findFirst();
    }
}
