package io.taskline.examples;

import io.taskline.processors.TaskContext;
import io.taskline.processors.TaskHandler;
import io.taskline.retry.NonRetryableException;
import io.taskline.schemas.examples.Thumbnail;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Type {@code thumbnail}: reads the image at {@code source} (or, with no source, generates the
 * test image of {@code seed}), scales it to fit {@code maxSize} keeping its aspect ratio, and
 * writes {@code <examples.output.dir>/thumbnails/<imageId>.png}. A missing or unreadable
 * source, a bad image id or size fail for good ({@link NonRetryableException}); I/O errors while
 * writing are retried.
 *
 * <p>Usage: {@code queue.demo.handler.thumbnail=io.taskline.examples.ThumbnailHandler}, then
 * publish {@code Thumbnail{imageId="cat-1", source="/data/cat.jpg", maxSize=128}}.
 */
public final class ThumbnailHandler implements TaskHandler<Thumbnail> {

    private static final Logger LOG = LoggerFactory.getLogger(ThumbnailHandler.class);

    private Path outputDir = new ExamplesConfig(Map.of()).outputDir();

    /** Creates the handler; {@link #configure} sets its output directory. */
    public ThumbnailHandler() {
    }

    /** {@link Thumbnail}. */
    @Override
    public Class<Thumbnail> payloadType() {
        return Thumbnail.class;
    }

    /** Reads {@code examples.output.dir}. */
    @Override
    public void configure(Map<String, String> workerConfig) {
        outputDir = new ExamplesConfig(workerConfig).outputDir();
    }

    /** Makes and writes the thumbnail. */
    @Override
    public void handle(Thumbnail payload, TaskContext context) throws IOException {
        String name = OutputFiles.checkName("imageId", payload.getImageId()) + ".png";
        Path target = outputDir.resolve("thumbnails").resolve(name);
        if (payload.getMaxSize() < 1) {
            throw new NonRetryableException("maxSize must be at least 1, was " + payload.getMaxSize());
        }
        BufferedImage thumbnail = ImageScaling.fit(source(payload), payload.getMaxSize());
        OutputFiles.writeAtomically(target, out -> {
            if (!ImageIO.write(thumbnail, "png", out)) {
                throw new IOException("no PNG writer in this JVM");
            }
        });
        // Sizes only: the file name comes from the payload, which is not logged.
        LOG.info("thumbnail task {}: wrote a {}x{} PNG", context.taskId(), thumbnail.getWidth(), thumbnail.getHeight());
    }

    private static BufferedImage source(Thumbnail payload) throws IOException {
        String source = payload.getSource();
        if (source == null || source.isBlank()) {
            return TestImages.generate(payload.getSeed());
        }
        Path path;
        try {
            path = Path.of(source);
        } catch (InvalidPathException e) {
            throw new NonRetryableException("source '" + source + "' is not a path: " + e.getMessage());
        }
        if (!Files.isRegularFile(path)) {
            throw new NonRetryableException("source image " + path + " does not exist");
        }
        BufferedImage image = ImageIO.read(path.toFile());
        if (image == null) {
            throw new NonRetryableException("source " + path + " is not an image format this JVM reads");
        }
        return image;
    }
}
