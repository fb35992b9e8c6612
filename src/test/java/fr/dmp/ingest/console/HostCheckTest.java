package fr.dmp.ingest.console;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which host names the console answers to (round 9 console attack: DNS rebinding). */
class HostCheckTest {

    @Test
    void aLoopbackConsoleAnswersOnlyToLoopbackNames() {
        HostCheck check = new HostCheck(HostCheck.allowedFor("127.0.0.1", ""));
        assertThat(check.allows("localhost")).isTrue();
        assertThat(check.allows("LOCALHOST.")).isTrue();
        assertThat(check.allows("127.0.0.1")).isTrue();
        assertThat(check.allows("[::1]")).isTrue();
        assertThat(check.allows("::1")).isTrue();
        assertThat(check.allows("rebound.attacker.example")).isFalse();
        assertThat(check.allows("127.0.0.1.nip.io")).isFalse();
        assertThat(check.allows("")).isFalse();
        assertThat(check.allows(null)).isFalse();
    }

    @Test
    void namesGivenByTheOperatorAndTheBindAddressAreAdded() {
        HostCheck check = new HostCheck(HostCheck.allowedFor("10.1.2.3", "dmp-console.chu.example, Other.Example"));
        assertThat(check.allows("10.1.2.3")).isTrue();
        assertThat(check.allows("dmp-console.chu.example")).isTrue();
        assertThat(check.allows("other.example")).isTrue();
        assertThat(check.allows("10.1.2.4")).as("an address cannot be rebound").isTrue();
        assertThat(check.allows("10.1.2.4.attacker.example")).isFalse();
        assertThat(check.allows("1.2.3.256")).isFalse();
    }

    @Test
    void aWildcardBindAddsThisMachinesNamesAndAddressesButNoOtherName() {
        HostCheck check = new HostCheck(HostCheck.allowedFor("0.0.0.0", ""));
        assertThat(check.allows("127.0.0.1")).isTrue();
        assertThat(check.allows("0.0.0.0")).isTrue();
        assertThat(check.allows("fe80::1")).isTrue();
        assertThat(check.allows("rebound.attacker.example")).isFalse();
    }
}
