package dev.dslab.local.emulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kinesis-local's data file. kinesis-local rewrites it in place (not through a rename), so a kinesis-local
 * killed while writing it leaves it cut short, and then it would not start. Before each start the file is
 * checked: a whole one is copied aside as the last good state; a cut one is replaced by that copy (the
 * state of the previous start) and kept for inspection.
 */
final class KinesisSnapshot {

    static final String FILE_NAME = "kinesis-data.json";
    private static final String LAST_GOOD = FILE_NAME + ".previous-start";
    private static final Logger log = LoggerFactory.getLogger(KinesisSnapshot.class);
    private static final JsonFactory JSON = new JsonFactory();

    private KinesisSnapshot() {
    }

    static void checkBeforeStart(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        try {
            Files.createDirectories(folder);
            if (!Files.exists(file)) {
                return;
            }
            if (isWholeJson(file)) {
                Files.copy(file, folder.resolve(LAST_GOOD), StandardCopyOption.REPLACE_EXISTING);
                return;
            }
            Path cut = folder.resolve(FILE_NAME + ".cut-" + System.currentTimeMillis());
            Files.move(file, cut);
            Path lastGood = folder.resolve(LAST_GOOD);
            if (Files.exists(lastGood)) {
                Files.copy(lastGood, file);
                log.warn("{} was cut short (kinesis-local killed while writing it?): kept as {}, streams restored as they"
                        + " were at the previous start", file, cut.getFileName());
            } else {
                log.warn("{} was cut short (kinesis-local killed while writing it?): kept as {}, kinesis starts empty",
                        file, cut.getFileName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check kinesis-local's data file " + file, e);
        }
    }

    private static boolean isWholeJson(Path file) {
        try (JsonParser parser = JSON.createParser(file.toFile())) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException cutOrGarbled) {
            return false;
        }
    }
}
