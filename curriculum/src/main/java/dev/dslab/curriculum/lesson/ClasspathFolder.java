package dev.dslab.curriculum.lesson;

import dev.dslab.curriculum.yaml.ContentFormatException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The files of one folder on the class path, whether it is a directory (builds, tests) or inside a jar (the
 * launcher's extracted jars, Spring Boot's nested ones), so adding a lesson is adding a file: no index to keep.
 */
final class ClasspathFolder {

    private final ClassLoader loader;
    private final String folder;

    ClasspathFolder(ClassLoader loader, String folder) {
        this.loader = loader;
        this.folder = folder;
    }

    /** The names of the files directly in the folder, sorted, from every class path root that has it. */
    List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> roots = loader.getResources(folder);
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                if (root.getProtocol().equals("file")) {
                    try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
                        files.filter(Files::isRegularFile).forEach(file -> names.add(file.getFileName().toString()));
                    }
                } else {
                    URLConnection connection = root.openConnection();
                    if (connection instanceof JarURLConnection jar) {
                        String prefix = jar.getEntryName() + "/";
                        jar.getJarFile().stream().map(entry -> entry.getName())
                                .filter(name -> name.startsWith(prefix) && name.length() > prefix.length()
                                        && name.indexOf('/', prefix.length()) < 0)
                                .forEach(name -> names.add(name.substring(prefix.length())));
                    }
                }
            }
        } catch (IOException | URISyntaxException unreadable) {
            throw new ContentFormatException(folder, 0, "cannot be listed: " + unreadable.getMessage());
        }
        return List.copyOf(names);
    }

    /** One file's bytes, if it exists. */
    Optional<byte[]> read(String name) {
        try (InputStream in = loader.getResourceAsStream(folder + "/" + name)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    String path(String name) {
        return folder + "/" + name;
    }
}
