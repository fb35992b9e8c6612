package fr.dmp.ingest.console;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Round 9 (console attack 5): five refusals in fifteen minutes lock a name until the oldest of them is that old. */
class LoginThrottleTest {

    @Test
    void fiveRefusalsLockTheNameForTheRestOfTheirWindowAndASuccessForgetsThem() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-04T10:00:00Z"));
        Clock clock = new Clock() {
            public java.time.ZoneId getZone() { return ZoneOffset.UTC; }
            public Clock withZone(java.time.ZoneId zone) { return this; }
            public Instant instant() { return now.get(); }
        };
        LoginThrottle t = new LoginThrottle(clock);
        for (int i = 0; i < 4; i++) {
            t.failed("alice");
        }
        assertThat(t.locked("alice")).isFalse();
        t.failed("alice");
        assertThat(t.locked("alice")).isTrue();
        assertThat(t.locked("bob")).isFalse(); // per name
        now.set(now.get().plus(Duration.ofMinutes(15)).plusSeconds(1));
        assertThat(t.locked("alice")).isFalse(); // the window has passed
        for (int i = 0; i < 4; i++) {
            t.failed("bob");
        }
        t.succeeded("bob");
        t.failed("bob");
        assertThat(t.locked("bob")).isFalse();
    }
}
