package io.taskline.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Deterministic test pictures: the same seed always draws the same 800x600 image (a diagonal
 * gradient with a few filled shapes), so thumbnails can be made without any input file.
 *
 * <p>Usage: {@code BufferedImage image = TestImages.generate(42L);}
 */
public final class TestImages {

    /** Width of a generated image. */
    public static final int WIDTH = 800;
    /** Height of a generated image. */
    public static final int HEIGHT = 600;

    private static final int SHAPES = 12;

    private TestImages() {
    }

    /** The test image of {@code seed}, {@value #WIDTH}x{@value #HEIGHT}, RGB. */
    public static BufferedImage generate(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, color(random), WIDTH, HEIGHT, color(random)));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setStroke(new BasicStroke(4f));
            for (int i = 0; i < SHAPES; i++) {
                drawShape(g, random);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void drawShape(Graphics2D g, SplittableRandom random) {
        int w = 40 + random.nextInt(200);
        int h = 40 + random.nextInt(200);
        int x = random.nextInt(WIDTH - w);
        int y = random.nextInt(HEIGHT - h);
        Color fill = color(random);
        g.setColor(new Color(fill.getRed(), fill.getGreen(), fill.getBlue(), 180));
        switch (random.nextInt(3)) {
            case 0 -> g.fillOval(x, y, w, h);
            case 1 -> g.fillRect(x, y, w, h);
            default -> g.fillPolygon(new int[] {x, x + w / 2, x + w}, new int[] {y + h, y, y + h}, 3);
        }
        g.setColor(fill.darker());
        g.drawRect(x, y, w, h);
    }

    private static Color color(SplittableRandom random) {
        return new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256));
    }
}
