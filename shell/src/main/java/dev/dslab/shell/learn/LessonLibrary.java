package dev.dslab.shell.learn;

import dev.dslab.curriculum.lesson.Lesson;
import dev.dslab.curriculum.yaml.ContentFormatException;
import dev.dslab.curriculum.lesson.LessonIndex;
import dev.dslab.curriculum.lesson.LessonLoader;
import dev.dslab.curriculum.lesson.Lessons;
import dev.dslab.curriculum.lesson.ServiceGuarantees;
import dev.dslab.shell.console.DslabException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.function.Supplier;

/**
 * The bundled lessons, their search index and the services table, each read once on first use (most commands
 * never need them). The build validates every file, so a failure here means a damaged install: one line, no trace.
 */
@Component
public class LessonLibrary {

    private final Supplier<Lessons> lessons;
    private final Supplier<LessonIndex> index = memoized(() -> new LessonIndex(lessons()));
    private final Supplier<ServiceGuarantees> services = memoized(ServiceGuarantees::loadBundled);

    /** @param folder the class path folder of the lessons: the bundled ones, or a test's fixtures */
    public LessonLibrary(@Value("${dslab.lessons.folder:" + LessonLoader.FOLDER + "}") String folder) {
        this.lessons = memoized(() -> LessonLoader.load(LessonLibrary.class.getClassLoader(), folder));
    }

    public Lessons lessons() {
        return lessons.get();
    }

    public LessonIndex index() {
        return index.get();
    }

    public ServiceGuarantees services() {
        return services.get();
    }

    /** The lessons that link an experiment, in lesson order (none when lessons cannot be read: a report still gets written). */
    public List<Lesson> linking(String experiment) {
        try {
            return lessons().linkingExperiment(experiment);
        } catch (DslabException unreadable) {
            return List.of();
        }
    }

    private static <T> Supplier<T> memoized(Supplier<T> load) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T loaded = value;
                if (loaded == null) {
                    synchronized (this) {
                        if (value == null) {
                            try {
                                value = load.get();
                            } catch (ContentFormatException damaged) {
                                throw new DslabException("dslab's lessons are damaged (" + damaged.getMessage() + "); reinstall dslab",
                                        damaged);
                            }
                        }
                        loaded = value;
                    }
                }
                return loaded;
            }
        };
    }
}
