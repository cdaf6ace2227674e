package io.taskline.examples;

import static io.taskline.examples.TestContexts.aContext;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskline.retry.NonRetryableException;
import io.taskline.schemas.examples.Thumbnail;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailHandlerTest {

    @TempDir
    Path outputDir;

    private final ThumbnailHandler handler = new ThumbnailHandler();

    @BeforeEach
    void configure() {
        handler.configure(Map.of(ExamplesConfig.OUTPUT_DIR_CONFIG, outputDir.toString()));
    }

    @Test
    void scalesTheGeneratedImageToMaxSizeKeepingItsAspectRatio() throws Exception {
        handler.handle(Thumbnail.newBuilder().setImageId("img-1").setSeed(7).build(), aContext().build());

        BufferedImage thumbnail = read(outputDir.resolve("thumbnails/img-1.png"));
        assertThat(thumbnail.getWidth()).isEqualTo(128);
        assertThat(thumbnail.getHeight()).isEqualTo(96);
    }

    @Test
    void generatesTheSameImageForTheSameSeed() throws Exception {
        handler.handle(Thumbnail.newBuilder().setImageId("a").setSeed(42).build(), aContext().build());
        handler.handle(Thumbnail.newBuilder().setImageId("b").setSeed(42).build(), aContext().build());
        handler.handle(Thumbnail.newBuilder().setImageId("c").setSeed(43).build(), aContext().build());

        BufferedImage a = read(outputDir.resolve("thumbnails/a.png"));
        assertThat(pixels(a)).isEqualTo(pixels(read(outputDir.resolve("thumbnails/b.png"))));
        assertThat(pixels(a)).isNotEqualTo(pixels(read(outputDir.resolve("thumbnails/c.png"))));
    }

    @Test
    void readsASourceImageAndFitsItsLongerSide(@TempDir Path inputDir) throws Exception {
        Path source = inputDir.resolve("portrait.png");
        ImageIO.write(new BufferedImage(300, 900, BufferedImage.TYPE_INT_RGB), "png", source.toFile());

        handler.handle(Thumbnail.newBuilder().setImageId("portrait").setSource(source.toString()).setMaxSize(60)
                .build(), aContext().build());

        BufferedImage thumbnail = read(outputDir.resolve("thumbnails/portrait.png"));
        assertThat(thumbnail.getHeight()).isEqualTo(60);
        assertThat(thumbnail.getWidth()).isEqualTo(20);
    }

    @Test
    void deadLettersAMissingSourceFile() {
        Thumbnail payload = Thumbnail.newBuilder().setImageId("gone")
                .setSource(outputDir.resolve("no-such.png").toString()).build();

        assertThatThrownBy(() -> handler.handle(payload, aContext().build()))
                .isInstanceOf(NonRetryableException.class).hasMessageContaining("does not exist");
        assertThat(outputDir.resolve("thumbnails/gone.png")).doesNotExist();
    }

    @Test
    void deadLettersASourceThatIsNotAnImage() throws Exception {
        Path source = Files.writeString(outputDir.resolve("notes.txt"), "not a picture");
        Thumbnail payload = Thumbnail.newBuilder().setImageId("notes").setSource(source.toString()).build();

        assertThatThrownBy(() -> handler.handle(payload, aContext().build()))
                .isInstanceOf(NonRetryableException.class).hasMessageContaining("not an image");
    }

    @Test
    void deadLettersAnImageIdThatWouldLeaveTheOutputDirectory() {
        Thumbnail payload = Thumbnail.newBuilder().setImageId("../escape").build();

        assertThatThrownBy(() -> handler.handle(payload, aContext().build()))
                .isInstanceOf(NonRetryableException.class).hasMessageContaining("imageId");
        assertThat(outputDir.resolve("escape.png")).doesNotExist();
    }

    @Test
    void deadLettersANonPositiveMaxSize() {
        Thumbnail payload = Thumbnail.newBuilder().setImageId("zero").setMaxSize(0).build();

        assertThatThrownBy(() -> handler.handle(payload, aContext().build()))
                .isInstanceOf(NonRetryableException.class).hasMessageContaining("maxSize");
    }

    private static BufferedImage read(Path png) throws Exception {
        assertThat(png).isRegularFile();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("%s decodes as an image", png).isNotNull();
        return image;
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }
}
