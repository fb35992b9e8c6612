package fr.dmp.ingest.cli;

import fr.dmp.ingest.store.ContentCipher;
import fr.dmp.ingest.store.ContentKeys;
import fr.dmp.ingest.store.ContentVault;
import fr.dmp.ingest.store.KeptFileKeyStore;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code rotate-key}: appends a new content key to the key file (it becomes the active one) and re-seals
 * every content and text of the older keys, and any legacy plaintext, under it, and re-wraps the data keys of
 * the kept files (the files themselves need no rewrite). With keys from the
 * environment, add the new key there first and run {@code rotate-key --reseal-only}.
 */
@Command(name = "rotate-key", mixinStandardHelpOptions = true,
        description = "Adds a content key and re-seals the stored contents under it (rules.md R11).")
public final class RotateKeyCommand implements Callable<Integer> {

    @Option(names = "--reseal-only", description = "do not add a key: re-seal under the active one")
    boolean resealOnly;

    @Unmatched
    List<String> springArguments = new ArrayList<>();

    @Override
    public Integer call() {
        ConfigurableApplicationContext context = SpringContext.startExisting(springArguments);
        if (context == null) {
            return SpringContext.lastStartExit(); // busy 5, configuration 3 (no store here, a key...), else 1
        }
        try (context) {
            ContentKeys keys = context.getBean(ContentKeys.class);
            if (!resealOnly) {
                if (keys.file() == null) {
                    System.err.println("dmp-ingest: the keys come from " + ContentKeys.ENVIRONMENT
                            + ": add the new key there, then run rotate-key --reseal-only");
                    return Cli.EXIT_USAGE;
                }
                String id = "k" + System.currentTimeMillis();
                ContentKeys.appendNewKey(keys.file(), id);
                keys = ContentKeys.fromFile(keys.file());
                System.out.println("new active content key " + id + " in " + keys.file());
            }
            // re-sealing reads contents: the schema owner's connection, not the job's role
            DataSource owner = context.containsBean("ownerDataSource") ? context.getBean("ownerDataSource", DataSource.class)
                    : context.getBean(DataSource.class);
            long n = new ContentVault(new JdbcTemplate(owner), new ContentCipher(keys)).resealUnderActiveKey(500);
            System.out.println(n + " contents and texts re-sealed under " + keys.activeId());
            // kept files are sealed under a data key of their claim, itself wrapped by a content key: re-wrapping the
            // keys is enough, the files (their header names the claim, not the content key) are not rewritten
            long k = new KeptFileKeyStore(new JdbcTemplate(owner), new ContentCipher(keys)).rewrapUnderActiveKey(500);
            System.out.println(k + " kept-file data keys re-wrapped under " + keys.activeId()
                    + " (the kept files stay as they are: each opens with its claim's data key)");
            return 0;
        }
    }
}
