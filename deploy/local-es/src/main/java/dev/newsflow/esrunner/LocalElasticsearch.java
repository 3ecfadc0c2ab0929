package dev.newsflow.esrunner;

import dev.newsflow.esrunner.analysis.CommonAnalysisShimPlugin;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.config.Configurator;
import org.elasticsearch.Build;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.node.ClasspathPluginsNode;
import org.elasticsearch.node.InternalSettingsPreparer;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.ClasspathPluginsService.ClasspathPlugin;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts one Elasticsearch node in this JVM, for development and tests.
 *
 * <pre>
 *   java -cp ... dev.newsflow.esrunner.LocalElasticsearch BASE_DIR [HTTP_PORT]
 * </pre>
 *
 * Layout under BASE_DIR: home/ (path.home, with config/, modules/, plugins/),
 * data/ (path.data), logs/ (path.logs). HTTP listens on 127.0.0.1:HTTP_PORT
 * (default 9200), transport on 127.0.0.1 in HTTP_PORT+100..HTTP_PORT+199.
 * Extra node settings may be given as -Des.setting.NAME=VALUE system properties.
 */
public final class LocalElasticsearch {

    public static final String CLUSTER_NAME = "newsflow-local";
    public static final String NODE_NAME = "newsflow-local-es";

    private LocalElasticsearch() {}

    public static void main(String[] args) throws Exception {
        // Elasticsearch's logging setup redirects System.out/err into log4j;
        // keep the real stderr (console.log) for a one-line failure summary.
        PrintStream console = System.err;
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: LocalElasticsearch BASE_DIR [HTTP_PORT]");
            System.exit(2);
        }
        Path base = Path.of(args[0]).toAbsolutePath().normalize();
        int httpPort = args.length > 1 ? Integer.parseInt(args[1]) : 9200;
        if (httpPort < 1 || httpPort > 65535) {
            throw new IllegalArgumentException("bad HTTP port " + httpPort);
        }

        Path home = base.resolve("home");
        Path config = home.resolve("config");
        Path data = base.resolve("data");
        Path logs = base.resolve("logs");
        for (Path dir : List.of(config, home.resolve("modules"), home.resolve("plugins"), data, logs)) {
            Files.createDirectories(dir);
        }
        try (InputStream in = LocalElasticsearch.class.getResourceAsStream("log4j2.properties")) {
            Files.copy(in, config.resolve("log4j2.properties"), StandardCopyOption.REPLACE_EXISTING);
        }

        String transportPorts = httpPort + 199 <= 65535 ? (httpPort + 100) + "-" + (httpPort + 199) : "0";
        Settings.Builder builder = Settings.builder()
            .put("cluster.name", CLUSTER_NAME)
            .put("node.name", NODE_NAME)
            .put("path.home", home.toString())
            .put("path.data", data.toString())
            .put("path.logs", logs.toString())
            .put("http.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.host", "127.0.0.1")
            .put("transport.port", transportPorts)
            .put("discovery.type", "single-node")
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.destructive_requires_name", false);
        // -Des.setting.foo.bar=baz  ->  foo.bar: baz
        System.getProperties().stringPropertyNames().stream()
            .filter(k -> k.startsWith("es.setting."))
            .forEach(k -> builder.put(k.substring("es.setting.".length()), System.getProperty(k)));
        Settings settings = builder.build();

        // Same logging bootstrap sequence as org.elasticsearch.bootstrap.Elasticsearch.
        LogConfigurator.registerErrorListener();
        LogConfigurator.configureESLogging();
        LogConfigurator.loadLog4jPlugins();
        LogConfigurator.setNodeName(NODE_NAME);
        Environment environment = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), config, () -> NODE_NAME);
        LogConfigurator.configure(environment, false);
        Logger logger = LogManager.getLogger(LocalElasticsearch.class);
        logger.info("starting Elasticsearch {} in-JVM node, base dir [{}], http port [{}]", Build.current().version(), base, httpPort);

        List<ClasspathPlugin> plugins = List.of(
            new ClasspathPlugin("transport-netty4", "Netty 4 HTTP and transport layer", Netty4Plugin.class),
            new ClasspathPlugin(
                CommonAnalysisShimPlugin.NAME,
                "newsflow shim: analysis-common components missing from a bare server",
                CommonAnalysisShimPlugin.class
            ),
            new ClasspathPlugin(RootEndpointPlugin.NAME, "newsflow shim: GET / and HEAD / (the rest-root module)", RootEndpointPlugin.class)
        );

        CountDownLatch keepAlive = new CountDownLatch(1);
        try {
            Node node = new ClasspathPluginsNode(environment, plugins);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    logger.info("shutting down");
                    node.prepareForClose();
                    node.close();
                    if (node.awaitClose(20, TimeUnit.SECONDS) == false) {
                        logger.warn("node did not close within 20s");
                    }
                    logger.info("stopped");
                } catch (Exception e) {
                    logger.error("error while closing node", e);
                } finally {
                    keepAlive.countDown();
                    Configurator.shutdown((org.apache.logging.log4j.core.LoggerContext) LogManager.getContext(false));
                }
            }, "newsflow-local-es-shutdown"));
            node.start();
        } catch (Throwable t) {
            logger.fatal("failed to start node", t);
            StringBuilder summary = new StringBuilder("failed to start node: ").append(t);
            for (Throwable c = t.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                summary.append("\n  caused by: ").append(c);
            }
            console.println(summary);
            console.flush();
            Configurator.shutdown((org.apache.logging.log4j.core.LoggerContext) LogManager.getContext(false));
            Runtime.getRuntime().halt(1);
            return;
        }
        logger.info("started; http://127.0.0.1:{}", httpPort);
        keepAlive.await();
    }
}
