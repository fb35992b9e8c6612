package fr.dmp.ingest.remote;

import fr.dmp.ingest.domain.ConfigurationFailure;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RemoteSettingsTest {

    /** Round 32, a tester: {@code --dmp.remote.worker-threads=0} was taken as 1 without a word. */
    @Test
    void noWorkerThreadsIsRefusedAndUnsetIsOne() {
        assertThat(new RemoteSettings(null, null, null, null, null, null, null, null).workerThreads()).isEqualTo(1);
        assertThat(new RemoteSettings(null, null, null, null, null, 3, null, null).workerThreads()).isEqualTo(3);
        assertThatThrownBy(() -> new RemoteSettings(null, null, null, null, null, 0, null, null))
                .isInstanceOf(ConfigurationFailure.class).hasMessage("dmp.remote.worker-threads must be 1 or more, not 0");
    }
}
