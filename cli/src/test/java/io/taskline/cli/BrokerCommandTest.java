package io.taskline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code taskline broker} on a port it cannot have: one line, before Kafka starts, and no data folder. */
class BrokerCommandTest {

    @Test
    void aPortInUseIsOneLineAndExitOne(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            Path data = dir.resolve("data");

            Cli.Run run = Cli.run("broker", "--port", Integer.toString(port), "--data", data.toString());

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.FAILED);
            assertThat(run.errLines()).singleElement().asString()
                    .startsWith("error: cannot listen on 127.0.0.1:" + port + " (")
                    .endsWith("is a broker running there already? Choose another with --port");
            assertThat(run.out()).isEmpty();
            assertThat(data).doesNotExist();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "65536"})
    void aPortOutOfRangeIsBadUsage(String port) {
        Cli.Run run = Cli.run("broker", "--port", port);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(run.errLines()).containsExactly("error: --port must be 1..65535, was " + port);
    }
}
