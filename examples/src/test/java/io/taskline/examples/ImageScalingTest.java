package io.taskline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Dimension;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageScalingTest {

    @Test
    void fitsTheLongerSideAndKeepsTheAspectRatio() {
        assertThat(ImageScaling.fitted(800, 600, 128)).isEqualTo(new Dimension(128, 96));
        assertThat(ImageScaling.fitted(600, 800, 128)).isEqualTo(new Dimension(96, 128));
        assertThat(ImageScaling.fitted(1000, 10, 100)).isEqualTo(new Dimension(100, 1));
    }

    @Test
    void neverEnlargesASmallImage() {
        assertThat(ImageScaling.fitted(50, 40, 128)).isEqualTo(new Dimension(50, 40));
    }

    @Test
    void scalesLargeReductionsToTheExactTargetSize() {
        BufferedImage thumb = ImageScaling.fit(TestImages.generate(1), 37);

        assertThat(thumb.getWidth()).isEqualTo(37);
        assertThat(thumb.getHeight()).isEqualTo(28);
    }
}
