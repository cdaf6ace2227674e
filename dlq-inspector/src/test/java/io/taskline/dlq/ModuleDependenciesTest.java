package io.taskline.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The architecture rules of DESIGN.md for this module, checked on its sources: dependencies point
 * down the module table (schemas, producer, retry-topics; never processors, examples or the CLI),
 * and the internal package is not part of the public signatures.
 */
class ModuleDependenciesTest {

    private static final Path MAIN = Path.of("src/main/java/io/taskline/dlq");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?(io\\.taskline\\.[\\w.]+);", Pattern.MULTILINE);
    private static final List<String> ALLOWED = List.of("io.taskline.dlq.", "io.taskline.schemas.", "io.taskline.producer.",
            "io.taskline.retry.");

    @Test
    void mainCodeUsesOnlyTheModulesBelowIt() throws IOException {
        List<String> wrong = new ArrayList<>();
        for (Path file : sources(MAIN)) {
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String imported = m.group(1);
                if (ALLOWED.stream().noneMatch(imported::startsWith)) {
                    wrong.add(MAIN.relativize(file) + " imports " + imported);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void publicTypesDoNotExposeInternalTypes() throws IOException {
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.list(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(file);
                for (String line : code.split("\n")) {
                    if (line.trim().startsWith("public ") && line.contains("(")
                            && internalNames(code).stream().anyMatch(line::contains)) {
                        leaks.add(file.getFileName() + ": " + line.trim());
                    }
                }
            }
        }
        assertThat(leaks).isEmpty();
    }

    private static List<String> internalNames(String code) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("^import io\\.taskline\\.dlq\\.internal\\.(\\w+);", Pattern.MULTILINE).matcher(code);
        while (m.find()) {
            names.add(m.group(1) + " ");
            names.add(m.group(1) + ".");
            names.add(m.group(1) + "<");
        }
        return names;
    }

    private static List<Path> sources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }
}
