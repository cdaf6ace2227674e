package io.taskline.cli.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * How busy the whole machine is while a scenario runs (every process: the bench, the broker and
 * anything else), sampled every {@value #EVERY_MS} ms. A paced scenario meant to run at half load
 * says with this whether the box really had room.
 *
 * <p>Usage: {@code MachineLoad load = MachineLoad.start(); ...; double busy = load.stop();}
 */
final class MachineLoad {

    static final long EVERY_MS = 250;

    private final com.sun.management.OperatingSystemMXBean os;
    private final DoubleAdder sum = new DoubleAdder();
    private final LongAdder samples = new LongAdder();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile boolean paused;

    private MachineLoad(com.sun.management.OperatingSystemMXBean os) {
        this.os = os;
        this.sampler = new Thread(this::sample, "bench-machine-load");
        sampler.setDaemon(true);
    }

    /** Starts sampling; NaN from {@link #stop()} when this JVM cannot read the machine's load. */
    static MachineLoad start() {
        var bean = ManagementFactory.getOperatingSystemMXBean();
        MachineLoad load = new MachineLoad(bean instanceof com.sun.management.OperatingSystemMXBean os ? os : null);
        load.sampler.start();
        return load;
    }

    /** Leaves out the time until {@link #resume()}: e.g. a baseline measured between slices. */
    void pause() {
        paused = true;
    }

    /** Samples again after {@link #pause()}. */
    void resume() {
        if (os != null) {
            os.getCpuLoad();
        }
        paused = false;
    }

    /** Stops sampling; the mean share of all cores in use over the samples, 0–1, or NaN. */
    double stop() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
        return samples.sum() == 0 ? Double.NaN : sum.sum() / samples.sum();
    }

    private void sample() {
        if (os == null) {
            return;
        }
        os.getCpuLoad(); // the first reading only starts the interval
        while (running) {
            try {
                Thread.sleep(EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
            double load = os.getCpuLoad();
            if (running && !paused && load >= 0) {
                sum.add(load);
                samples.increment();
            }
        }
    }
}
