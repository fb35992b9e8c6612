package fr.dmp.ingest.cli;

/**
 * A picocli command that is a tool for tests and benchmarks (corpus generator, bench phases), not part of
 * the product. Tools live in {@code src/tools/java} and register themselves through
 * {@code META-INF/services/fr.dmp.ingest.cli.ToolCommand}, so that no product class imports them; the
 * architecture test {@code PackageRulesTest} keeps it so.
 */
public interface ToolCommand {
}
