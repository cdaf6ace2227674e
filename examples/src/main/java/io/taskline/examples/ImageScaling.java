package io.taskline.examples;

import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Scales images down to fit a box, keeping the aspect ratio. Large reductions go in halving
 * steps with bilinear filtering and finish with one bicubic step: a single-step reduction by more
 * than 2x skips source pixels and aliases.
 *
 * <p>Usage: {@code BufferedImage thumb = ImageScaling.fit(image, 128);}
 */
public final class ImageScaling {

    private ImageScaling() {
    }

    /**
     * The size of {@code width}x{@code height} scaled so that its longer side is {@code maxSize};
     * smaller images keep their size (a thumbnail is never larger than its source).
     */
    public static Dimension fitted(int width, int height, int maxSize) {
        if (maxSize < 1) {
            throw new IllegalArgumentException("maxSize must be at least 1, was " + maxSize);
        }
        int longest = Math.max(width, height);
        if (longest <= maxSize) {
            return new Dimension(width, height);
        }
        double scale = (double) maxSize / longest;
        return new Dimension(Math.max(1, (int) Math.round(width * scale)), Math.max(1, (int) Math.round(height * scale)));
    }

    /** {@code source} scaled to fit a {@code maxSize} square, as in {@link #fitted}. */
    public static BufferedImage fit(BufferedImage source, int maxSize) {
        Dimension target = fitted(source.getWidth(), source.getHeight(), maxSize);
        BufferedImage current = source;
        while (current.getWidth() / 2 >= target.width && current.getHeight() / 2 >= target.height) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2,
                    RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        if (current.getWidth() == target.width && current.getHeight() == target.height) {
            return current;
        }
        return draw(current, target.width, target.height, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    }

    private static BufferedImage draw(BufferedImage source, int width, int height, Object interpolation) {
        int type = source.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage out = new BufferedImage(width, height, type);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }
}
