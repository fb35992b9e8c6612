package fr.dmp.ingest.console;

import fr.dmp.ingest.DmpIngestApplication;
import fr.dmp.ingest.job.IngestRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;

/**
 * The console's controllers and access rules (issue 18) on a real store after the sample prescriptions ran:
 * who sees which page, CSRF, the quarantine's list, filters and actions (each recorded with the user's name),
 * a type assigned to the TYPE_UNKNOWN invoice and stored by the next run, the auditor's dossier page,
 * health and Prometheus.
 */
@SpringBootTest(classes = DmpIngestApplication.class, properties = {
        "spring.main.web-application-type=servlet",
        "dmp.embedded.data-dir=",
        "dmp.embedded.durable=false",
        fr.dmp.ingest.TestKeys.PROPERTY,
        "dmp.retry-delay=50ms",
        "dmp.lock-wait=2s",
        "dmp.console.metrics-refresh=1s"})
@AutoConfigureMockMvc
class ConsoleWebTest {

    static final ConsoleScenario SCENARIO;

    static {
        try {
            SCENARIO = new ConsoleScenario(Files.createTempDirectory("console-web"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("dmp.jobs-folder", () -> SCENARIO.jobs.toString());
        registry.add("dmp.reports-folder", () -> SCENARIO.root.resolve("reports").toString());
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    IngestRunner runner;
    @Autowired
    @Qualifier("ownerDataSource")
    DataSource owner;
    @Autowired
    JdbcTemplate jobJdbc;

    static boolean ran;

    JdbcTemplate ownerJdbc() {
        return new JdbcTemplate(owner);
    }

    @BeforeEach
    void sampleRunOnce() {
        if (!ran) {
            SCENARIO.dropSamples();
            SCENARIO.run(runner);
            ConsoleScenario.users(jobJdbc);
            ran = true;
        }
    }

    private String body(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private String openToken(String name) {
        return ownerJdbc().queryForList("SELECT d.claim_token FROM dmp.disposition d WHERE d.original_name = ? AND d.outcome ="
                + " 'QUARANTINED' AND NOT EXISTS (SELECT 1 FROM dmp.quarantine_action a WHERE a.claim_token = d.claim_token)"
                + " ORDER BY d.decided_at DESC LIMIT 1", String.class, name).stream().findFirst().orElse(null);
    }

    @Test
    void anonymousSeesOnlyTheLoginPage() throws Exception {
        mvc.perform(get("/login")).andExpect(status().isOk());
        for (String page : new String[]{"/", "/runs", "/runs/progress", "/quarantine", "/dossier", "/home"}) {
            mvc.perform(get(page)).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login"));
        }
        mvc.perform(post("/quarantine/x/requeue").with(csrf())).andExpect(redirectedUrl("/login"));
    }

    @Test
    void anOperatorCannotSeeTheAuditorsPageNorAnAuditorTheOperators() throws Exception {
        mvc.perform(get("/dossier").with(user("alice").roles("OPERATOR"))).andExpect(status().isForbidden());
        mvc.perform(post("/dossier").param("ins", "1").with(csrf()).with(user("alice").roles("OPERATOR")))
                .andExpect(status().isForbidden());
        mvc.perform(get("/runs").with(user("bob").roles("AUDITOR"))).andExpect(status().isForbidden());
        mvc.perform(get("/quarantine").with(user("bob").roles("AUDITOR"))).andExpect(status().isForbidden());
    }

    @Test
    void aPostWithoutCsrfTokenIsRefused() throws Exception {
        String token = openToken("prescription-01.pdf") ; // none: every prescription is stored
        assertThat(token).isNull();
        String open = ownerJdbc().queryForObject("SELECT claim_token FROM dmp.disposition WHERE outcome = 'QUARANTINED' LIMIT 1",
                String.class);
        mvc.perform(post("/quarantine/" + open + "/handled").param("comment", "x").with(user("alice").roles("OPERATOR")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/logout").with(user("alice").roles("OPERATOR"))).andExpect(status().isForbidden());
    }

    @Test
    void formLoginChecksTheBcryptHashAndRecordsEachAttempt() throws Exception {
        mvc.perform(formLogin("/login").user("alice").password(ConsoleScenario.OPERATOR_PASSWORD))
                .andExpect(redirectedUrl("/home"));
        mvc.perform(formLogin("/login").user("alice").password("wrong-" + ConsoleScenario.OPERATOR_PASSWORD))
                .andExpect(redirectedUrl("/login?error"));
        assertThat(ownerJdbc().queryForObject("SELECT password_hash FROM dmp.console_user WHERE name = 'alice'", String.class))
                .startsWith("{bcrypt}$2");
        assertThat(ownerJdbc().queryForList("SELECT action FROM dmp.console_event WHERE user_name = 'alice'", String.class))
                .contains("LOGIN", "LOGIN_REFUSED");
    }

    /** Round 9 (console attack 5): sixty wrong passwords in 8.5 s, then the right one logged in. Five, then locked. */
    @Test
    void afterFiveRefusedLoginsTheNameIsLockedEvenForTheRightPassword() throws Exception {
        var encoder = org.springframework.security.crypto.factory.PasswordEncoderFactories.createDelegatingPasswordEncoder();
        new fr.dmp.ingest.store.ConsoleUsers(jobJdbc).save("dave", encoder.encode("dave-right-password"), "operator");
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            mvc.perform(formLogin("/login").user("dave").password("guess-" + i)).andExpect(redirectedUrl("/login?error"));
        }
        mvc.perform(formLogin("/login").user("dave").password("dave-right-password")).andExpect(redirectedUrl("/login?error"));
        assertThat(ownerJdbc().queryForList("SELECT action FROM dmp.console_event WHERE user_name = 'dave' ORDER BY id", String.class))
                .endsWith("LOGIN_LOCKED").doesNotContain("LOGIN");
    }

    /** Round 9 (console attack 18): an INS or a password typed as the user name was stored in clear in the event log. */
    @Test
    void aRefusedLoginKeepsTheTypedNameOnlyWhenItNamesAUser() throws Exception {
        for (String typed : new String[] {"278112B03366135", "operator-pass-123"}) {
            mvc.perform(formLogin("/login").user(typed).password("x")).andExpect(redirectedUrl("/login?error"));
            assertThat(ownerJdbc().queryForObject("SELECT count(*) FROM dmp.console_event WHERE user_name = ?", Long.class, typed))
                    .isZero();
        }
        assertThat(ownerJdbc().queryForObject("SELECT user_name FROM dmp.console_event WHERE action = 'LOGIN_REFUSED'"
                + " ORDER BY id DESC LIMIT 1", String.class)).isEqualTo("?");
    }

    /**
     * Round 9 (console attacks 19 and 33): an operator given the auditor role and a new password, or disabled, kept an
     * open session with the operator's rights. The session ends at its next request.
     */
    @Test
    void aSessionEndsWhenItsUsersRolePasswordOrAccessChanges() throws Exception {
        var encoder = org.springframework.security.crypto.factory.PasswordEncoderFactories.createDelegatingPasswordEncoder();
        fr.dmp.ingest.store.ConsoleUsers users = new fr.dmp.ingest.store.ConsoleUsers(jobJdbc);
        users.save("carol", encoder.encode("carol-operator-pass"), "operator");
        var session = (org.springframework.mock.web.MockHttpSession) mvc.perform(formLogin("/login").user("carol")
                .password("carol-operator-pass")).andExpect(redirectedUrl("/home")).andReturn().getRequest().getSession(false);
        mvc.perform(get("/quarantine").session(session)).andExpect(status().isOk());

        users.save("carol", encoder.encode("carol-auditor-pass"), "auditor"); // serve --add-user carol --role auditor
        mvc.perform(get("/quarantine").session(session)).andExpect(redirectedUrl("/login?expired"));
        assertThat(session.isInvalid()).isTrue();

        var again = (org.springframework.mock.web.MockHttpSession) mvc.perform(formLogin("/login").user("carol")
                .password("carol-auditor-pass")).andReturn().getRequest().getSession(false);
        mvc.perform(get("/dossier").session(again)).andExpect(status().isOk());
        assertThat(users.disable("carol")).isTrue(); // serve --disable-user carol
        mvc.perform(get("/dossier").session(again)).andExpect(redirectedUrl("/login?expired"));
        assertThat(users.disable("nobody-of-that-name")).isFalse();
        // round 28: Carol and carol were two users with two roles
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> users.save("Carol", encoder.encode("x-carol-other-pass"), "operator"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already named carol");
    }

    /**
     * Round 9 console attack (left then, done now): any Host header was answered, so a page rebinding a name of its
     * own to 127.0.0.1 could read the console. Only the loopback names, the bind address and --allowed-host answer.
     */
    @Test
    void aRequestToAHostNameNotTheConsolesIsAnswered421BeforeAnythingElse() throws Exception {
        for (String page : new String[]{"/login", "/actuator/prometheus", "/actuator/health", "/quarantine"}) {
            MvcResult refused = mvc.perform(get(page).header("Host", "rebound.attacker.example"))
                    .andExpect(status().is(421)).andReturn();
            assertThat(body(refused)).doesNotContain("attacker");
        }
        mvc.perform(post("/login").header("Host", "rebound.attacker.example").param("username", "alice")
                .param("password", "x").with(csrf())).andExpect(status().is(421));
        mvc.perform(get("/login").header("Host", "localhost:8080")).andExpect(status().isOk());
        mvc.perform(get("/login").header("Host", "127.0.0.1:8080")).andExpect(status().isOk());
    }

    /**
     * Round 9, the console's tester: an action naming a file by its name instead of its claim token (attack 29), a
     * 1 MB comment kept for ever (11), a date out of the store's range answered by a 500 (7), an INS read from the URL
     * (16). Each is refused with a message, and nothing moves.
     */
    @Test
    void actionsNameTheirFileByTokenCommentsAreBoundedDatesInRangeAndTheInsNeverInTheUrl() throws Exception {
        String open = ownerJdbc().queryForObject("SELECT d.original_name FROM dmp.disposition d WHERE d.outcome = 'QUARANTINED'"
                + " AND NOT EXISTS (SELECT 1 FROM dmp.quarantine_action a WHERE a.claim_token = d.claim_token) LIMIT 1", String.class);
        long actions = ownerJdbc().queryForObject("SELECT count(*) FROM dmp.quarantine_action", Long.class);
        mvc.perform(post("/quarantine/" + open + "/handled").param("comment", "by name").with(csrf()).with(user("alice").roles("OPERATOR")))
                .andExpect(redirectedUrl("/quarantine")).andExpect(flash().attribute("error", "no quarantined file has this claim token"));
        String token = openToken(open);
        mvc.perform(post("/quarantine/" + token + "/handled").param("comment", "x".repeat(QuarantineController.MAX_COMMENT + 1))
                .with(csrf()).with(user("alice").roles("OPERATOR"))).andExpect(flash().attribute("error",
                        "a comment of at most " + QuarantineController.MAX_COMMENT + " characters"));
        assertThat(ownerJdbc().queryForObject("SELECT count(*) FROM dmp.quarantine_action", Long.class)).isEqualTo(actions);

        String page = body(mvc.perform(get("/quarantine").param("since", "-999999999-01-01").with(user("alice").roles("OPERATOR")))
                .andExpect(status().isOk()).andReturn());
        assertThat(page).contains("a date such as 2026-11-30");

        String ins = ownerJdbc().queryForObject("SELECT ins FROM dmp.dossier LIMIT 1", String.class);
        String refused = body(mvc.perform(post("/dossier?ins=" + ins).with(csrf()).with(user("bob").roles("AUDITOR")))
                .andExpect(status().isOk()).andReturn());
        assertThat(refused).contains("never from the address").doesNotContain("DOSSIER_VIEWED");
    }

    @Test
    void runsShowTheSampleRunWithItsCountsAndItsPublishedProgress() throws Exception {
        String page = body(mvc.perform(get("/runs").with(user("alice").roles("OPERATOR"))).andExpect(status().isOk()).andReturn());
        assertThat(page).contains("prescriptions").contains("COMPLETED").contains("TYPE_UNKNOWN")
                .contains("runs.js");
        long files = ownerJdbc().queryForObject("SELECT (report->>'files')::bigint FROM dmp.run_report ORDER BY job_execution_id LIMIT 1",
                Long.class);
        assertThat(page).contains("<td class=\"files\">" + files + "</td>");
        String progress = body(mvc.perform(get("/runs/progress").with(user("alice").roles("OPERATOR")))
                .andExpect(status().isOk()).andReturn());
        assertThat(progress).contains("\"prescriptions\"").contains("\"state\":\"FINISHED\"");
    }

    @Test
    void theQuarantineListsFilesByFeedReasonAndDateWithReasonAndDetailOnly() throws Exception {
        String all = body(mvc.perform(get("/quarantine").with(user("alice").roles("OPERATOR"))).andReturn());
        assertThat(all).contains(ConsoleScenario.UNKNOWN_FILE).contains("TYPE_UNKNOWN").contains("candidates");
        String other = body(mvc.perform(get("/quarantine").param("reason", "INS_INVALID").with(user("alice").roles("OPERATOR")))
                .andReturn());
        assertThat(other).doesNotContain(ConsoleScenario.UNKNOWN_FILE);
        String future = body(mvc.perform(get("/quarantine").param("since", "2999-01-01").with(user("alice").roles("OPERATOR")))
                .andReturn());
        assertThat(future).doesNotContain(ConsoleScenario.UNKNOWN_FILE);
        String wrong = body(mvc.perform(get("/quarantine").param("feed", "nope").with(user("alice").roles("OPERATOR"))).andReturn());
        // round 36, an operator: a filter that cannot be used listed every file, as if filtered; now nothing, and why
        assertThat(wrong).contains("unknown feed").contains("nothing is listed").doesNotContain(ConsoleScenario.UNKNOWN_FILE);
        assertThat(body(mvc.perform(get("/quarantine").param("since", "2000-01-01T00:00:00Z").with(user("alice").roles("OPERATOR")))
                .andReturn())).contains(ConsoleScenario.UNKNOWN_FILE).doesNotContain("nothing is listed");
        assertThat(body(mvc.perform(get("/quarantine").param("since", "2999-01-01T00:00:00Z").with(user("alice").roles("OPERATOR")))
                .andReturn())).doesNotContain(ConsoleScenario.UNKNOWN_FILE);
    }

    @Test
    void aTypeAssignedToTheInvoiceIsRecordedWithTheOperatorAndTheNextRunStoresIt() throws Exception {
        String token = openToken(ConsoleScenario.UNKNOWN_FILE);
        String page = body(mvc.perform(get("/quarantine/" + token).with(user("alice").roles("OPERATOR"))).andReturn());
        assertThat(page).contains("Assign a DMP type").contains("57833-6");
        // round 31, a tester: a candidate's radio ticked and another type chosen in the list assigned the radio's silently
        mvc.perform(post("/quarantine/" + token + "/type").param("typeCode", "57833-6", "11488-4").with(csrf())
                .with(user("alice").roles("OPERATOR"))).andExpect(redirectedUrl("/quarantine/" + token))
                .andExpect(flash().attribute("error", org.hamcrest.Matchers.startsWith("two types chosen")));
        assertThat(SCENARIO.drop().resolve(ConsoleScenario.UNKNOWN_FILE)).doesNotExist();
        mvc.perform(post("/quarantine/" + token + "/type").param("typeCode", "57833-6").with(csrf())
                .with(user("alice").roles("OPERATOR"))).andExpect(redirectedUrl("/quarantine/" + token));
        assertThat(SCENARIO.drop().resolve(ConsoleScenario.UNKNOWN_FILE)).exists();
        assertThat(ownerJdbc().queryForObject("SELECT os_user || ' ' || action || ' ' || comment FROM dmp.quarantine_action"
                + " WHERE claim_token = ?", String.class, token)).isEqualTo("console:alice REQUEUED type 57833-6 assigned");

        SCENARIO.run(runner);

        assertThat(ownerJdbc().queryForObject("SELECT type_code || ' ' || (classification->>'source') FROM dmp.document"
                + " WHERE source_file = ?", String.class, ConsoleScenario.UNKNOWN_FILE)).isEqualTo("57833-6 operator:alice");
        String after = body(mvc.perform(get("/quarantine/" + token).with(user("alice").roles("OPERATOR"))).andReturn());
        assertThat(after).contains("REQUEUED").contains("STORED").contains("console:alice");
        assertThat(ownerJdbc().queryForList("SELECT action FROM dmp.console_event WHERE user_name = 'alice'", String.class))
                .contains("TYPE_ASSIGNED");
    }

    /**
     * Round 33, an operator: a double click on Re-queue moved a PDF and its sidecar back twice at once, and the losing click
     * deleted the sidecar the winning one had put back (the next run refused the PDF METADATA_MISSING, its real reason lost).
     * Under the claim's lock, one click requeues and the other is told it is already done.
     */
    @Test
    void aDoubleClickOnRequeuePutsBothTheFileAndItsSidecarBackOnce() throws Exception {
        String token = openToken("bad-encrypted.pdf");
        assertThat(token).isNotNull();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService clicks = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.List<java.util.concurrent.Future<MvcResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                results.add(clicks.submit(() -> {
                    start.await();
                    return mvc.perform(post("/quarantine/" + token + "/requeue").with(csrf()).with(user("alice").roles("OPERATOR")))
                            .andReturn();
                }));
            }
            start.countDown();
            java.util.List<Object> errors = new java.util.ArrayList<>();
            for (var r : results) {
                Object error = r.get(60, java.util.concurrent.TimeUnit.SECONDS).getFlashMap().get("error");
                if (error != null) {
                    errors.add(error);
                }
            }
            assertThat(errors).singleElement().asString().contains("already REQUEUED");
        } finally {
            clicks.shutdownNow();
        }
        assertThat(SCENARIO.drop().resolve("bad-encrypted.pdf")).exists();
        assertThat(SCENARIO.drop().resolve("bad-encrypted.pdf.json")).exists();
        assertThat(ownerJdbc().queryForObject("SELECT count(*) FROM dmp.quarantine_action WHERE claim_token = ?", Long.class, token))
                .isEqualTo(1L);
    }

    @Test
    void markHandledNeedsACommentAndKeepsTheFilesHistory() throws Exception {
        String token = ownerJdbc().queryForObject("SELECT d.claim_token FROM dmp.disposition d WHERE d.outcome = 'QUARANTINED'"
                + " AND d.primary_reason NOT IN ('TYPE_UNKNOWN', 'PDF_ENCRYPTED') AND NOT EXISTS (SELECT 1 FROM dmp.quarantine_action a"
                + " WHERE a.claim_token = d.claim_token) LIMIT 1", String.class);
        mvc.perform(post("/quarantine/" + token + "/handled").param("comment", " ").with(csrf()).with(user("alice").roles("OPERATOR")))
                .andExpect(status().is3xxRedirection());
        assertThat(ownerJdbc().queryForObject("SELECT count(*) FROM dmp.quarantine_action WHERE claim_token = ?", Long.class, token))
                .isZero();
        // round 28, an operator: the console kept what the command line refuses (an INS, a birth date, escapes)
        for (String leak : new String[] {"patient 279035121518989", "INS 2 79 03 51 215 189 89", "born 15/03/1979",
                "ok\u001b[2J", "bidi \u202Eevil"}) {
            mvc.perform(post("/quarantine/" + token + "/handled").param("comment", leak).with(csrf())
                    .with(user("alice").roles("OPERATOR"))).andExpect(status().is3xxRedirection());
            assertThat(ownerJdbc().queryForObject("SELECT count(*) FROM dmp.quarantine_action WHERE claim_token = ?", Long.class,
                    token)).as(leak).isZero();
        }
        mvc.perform(post("/quarantine/" + token + "/handled").param("comment", "sent back to the lab, ticket 42").with(csrf())
                .with(user("alice").roles("OPERATOR"))).andExpect(status().is3xxRedirection());
        String page = body(mvc.perform(get("/quarantine/" + token).with(user("alice").roles("OPERATOR"))).andReturn());
        assertThat(page).contains("HANDLED").contains("console:alice").contains("sent back to the lab, ticket 42")
                .doesNotContain("Mark handled</button>");
        String open = body(mvc.perform(get("/quarantine").with(user("alice").roles("OPERATOR"))).andReturn());
        assertThat(open).doesNotContain("/quarantine/" + token + "\"");
    }

    @Test
    void theAuditorSeesADossiersHistory() throws Exception {
        String ins = ownerJdbc().queryForObject("SELECT ins FROM dmp.dossier ORDER BY id LIMIT 1", String.class);
        String page = body(mvc.perform(post("/dossier").param("ins", ins).param("full", "true").with(csrf())
                .with(user("bob").roles("AUDITOR"))).andExpect(status().isOk()).andReturn());
        assertThat(page).contains(ins).contains("STORED").contains("prescriptions");
        String bad = body(mvc.perform(post("/dossier").param("ins", "12345").with(csrf()).with(user("bob").roles("AUDITOR")))
                .andReturn());
        assertThat(bad).contains("not a valid INS");
        assertThat(ownerJdbc().queryForList("SELECT action FROM dmp.console_event WHERE user_name = 'bob'", String.class))
                .contains("DOSSIER_VIEWED");
        assertThat(ownerJdbc().queryForList("SELECT coalesce(target, '') FROM dmp.console_event", String.class))
                .noneMatch(t -> t.contains(ins));
    }

    /**
     * Round 35: the command line said which items of a quarantined file were stored all the same (round 34), the file's
     * page did not; and for a file refused before it was read the page said "null bytes, null".
     */
    @Test
    void aFilesPageSaysWhichItemsWereStoredAllTheSameAndWhenItsBytesWereNeverRead() throws Exception {
        SCENARIO.addFeed("lab-results");
        Path mixed = SCENARIO.drop("lab-results").resolve("mixed.hl7");
        byte[] stored = Files.readAllBytes(Path.of("sample-data/lab-results/oru-0002.hl7"));
        byte[] refused = Files.readAllBytes(Path.of("sample-data/lab-results/bad-ins-key.hl7"));
        byte[] both = java.util.Arrays.copyOf(stored, stored.length + refused.length);
        System.arraycopy(refused, 0, both, stored.length, refused.length);
        Files.write(mixed, both);
        Files.setLastModifiedTime(mixed, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        Path link = SCENARIO.drop("lab-results").resolve("a-link.hl7");
        Files.createSymbolicLink(link, mixed.toAbsolutePath());
        SCENARIO.run(runner, "lab-results");

        String page = body(mvc.perform(get("/quarantine/" + openToken("mixed.hl7")).with(user("alice").roles("OPERATOR")))
                .andExpect(status().isOk()).andReturn());
        assertThat(page).contains("INS_INVALID")
                .contains("Stored all the same: item 1 (in the patient&#39;s record; a re-queue finds it a duplicate).");
        String never = body(mvc.perform(get("/quarantine/" + openToken("a-link.hl7")).with(user("alice").roles("OPERATOR")))
                .andExpect(status().isOk()).andReturn());
        assertThat(never).contains("UNSAFE_CONTENT").contains("not read (refused before its bytes were")
                .doesNotContain("null bytes").doesNotContain("Stored all the same");
        // the same tester: a name's runs of spaces were collapsed on the page (copied into quarantine show, it named no file)
        assertThat(page).contains("<h1 class=\"name\">mixed.hl7</h1>");
        assertThat(Files.readString(Path.of("src/main/resources/static/console.css"))).contains(".name { white-space: pre-wrap; }");

        // the same tester: a duplicate's row on the dossier page named the stored file as if it were the duplicate
        Path copy = SCENARIO.drop("lab-results").resolve("oru-0002 copie.hl7");
        Files.write(copy, stored);
        Files.setLastModifiedTime(copy, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        SCENARIO.run(runner, "lab-results");
        String ins = ownerJdbc().queryForObject("SELECT o.ins FROM dmp.document d JOIN dmp.dossier o ON o.id = d.dossier_id"
                + " WHERE d.source_file = 'mixed.hl7'", String.class);
        String dossier = body(mvc.perform(post("/dossier").param("ins", ins).param("full", "true").with(csrf())
                .with(user("bob").roles("AUDITOR"))).andExpect(status().isOk()).andReturn());
        assertThat(dossier).contains("DUPLICATE").contains("(the one stored under this id: type ").contains("file mixed.hl7)");
    }

    /** Round 35, a tester: with the store stalled, pages answered Spring's bare error; a person's page says what to do. */
    @Test
    void anErrorIsAPageThatSaysWhereToLook() throws Exception {
        String page = body(mvc.perform(get("/error").accept(org.springframework.http.MediaType.TEXT_HTML)
                        .requestAttr(jakarta.servlet.RequestDispatcher.ERROR_STATUS_CODE, 500)
                        .requestAttr(jakarta.servlet.RequestDispatcher.ERROR_REQUEST_URI, "/runs")
                        .with(user("alice").roles("OPERATOR")))
                .andReturn());
        assertThat(page).contains("The console could not answer this page").contains("Status 500")
                .contains("the store (the database) does not answer").contains("/actuator/health");
    }

    @Test
    void healthAndPrometheusGiveCountsOnly() throws Exception {
        String health = body(mvc.perform(get("/actuator/health")).andExpect(status().isOk()).andReturn());
        assertThat(health).contains("\"status\":\"UP\"").contains("\"db\"").contains("\"folders\"");
        String metrics = "";
        for (int i = 0; i < 40 && !metrics.contains("dmp_last_run_duration_seconds{"); i++) { // read every second (1s here)
            Thread.sleep(250);
            metrics = body(mvc.perform(get("/actuator/prometheus")).andExpect(status().isOk()).andReturn());
        }
        assertThat(metrics).contains("dmp_files{feed=\"prescriptions\",outcome=\"QUARANTINED\",reason=\"TYPE_UNKNOWN\"")
                .contains("dmp_drop_files{feed=\"prescriptions\"}").contains("dmp_last_run_duration_seconds")
                .doesNotContain(".pdf");
        // open without login for a scraper: no path of this installation (round 9 left disk_free_bytes{path=...})
        assertThat(metrics).doesNotContain(System.getProperty("user.dir")).doesNotContain("path=\"");
        // round 23: the details a logged-in operator sees named it too, in Spring Boot's disk-space indicator
        String details = body(mvc.perform(get("/actuator/health").with(user("alice").roles("OPERATOR")))
                .andExpect(status().isOk()).andReturn());
        assertThat(details).contains("\"folders\"").doesNotContain(System.getProperty("user.dir")).doesNotContain("diskSpace");
    }
}
