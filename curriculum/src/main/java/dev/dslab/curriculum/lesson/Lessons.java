package dev.dslab.curriculum.lesson;

import dev.dslab.curriculum.yaml.ContentFormatException;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every loaded lesson in {@code learn list} order (order, then id), checked together: ids and titles unique. */
public record Lessons(List<Lesson> lessons) {

    public Lessons {
        lessons = lessons.stream().sorted(Comparator.comparingInt(Lesson::order).thenComparing(Lesson::id)).toList();
    }

    /** The lessons, refused with one line when two share an id or a title. */
    public static Lessons of(List<Lesson> lessons) {
        Map<String, Lesson> ids = new HashMap<>();
        Map<String, Lesson> titles = new HashMap<>();
        for (Lesson lesson : lessons) {
            Lesson sameId = ids.putIfAbsent(lesson.id(), lesson);
            if (sameId != null) {
                throw new ContentFormatException(lesson.file(), 0, "id " + lesson.id() + " is already the id of " + sameId.file());
            }
            Lesson sameTitle = titles.putIfAbsent(lesson.title().toLowerCase(java.util.Locale.ROOT), lesson);
            if (sameTitle != null) {
                throw new ContentFormatException(lesson.file(), 0, "title '" + lesson.title() + "' is already the title of " + sameTitle.file());
            }
        }
        return new Lessons(lessons);
    }

    public Optional<Lesson> byId(String id) {
        return lessons.stream().filter(lesson -> lesson.id().equals(id)).findFirst();
    }

    /** The ids in order, comma-separated, for "allowed: ..." messages. */
    public String allowed() {
        return lessons.stream().map(Lesson::id).collect(Collectors.joining(", "));
    }

    /** The lessons that link an experiment, in order. */
    public List<Lesson> linkingExperiment(String experimentId) {
        return lessons.stream().filter(lesson -> lesson.experiments().contains(experimentId)).toList();
    }

    public boolean isEmpty() {
        return lessons.isEmpty();
    }
}
