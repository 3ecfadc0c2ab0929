/*
 * newsflow local-es runner.
 *
 * Lives in package org.elasticsearch.plugins because the pieces it needs
 * (PluginsService.loadPlugin, PluginsService.LoadedPlugin) are package-private
 * in Elasticsearch 8.14. Everything runs on the plain classpath, so the split
 * package is fine.
 */
package org.elasticsearch.plugins;

import org.elasticsearch.Build;
import org.elasticsearch.action.admin.cluster.node.info.PluginsAndModules;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.jdk.ModuleQualifiedExportsService;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A {@link PluginsService} that, on top of whatever is in the (normally empty)
 * modules/ and plugins/ directories, instantiates plugin classes found on the
 * JVM classpath (e.g. Netty4Plugin, our analysis shim).
 */
public class ClasspathPluginsService extends PluginsService {

    /** A plugin class plus the name it is reported under in {@code _nodes/plugins}. */
    public record ClasspathPlugin(String name, String description, Class<? extends Plugin> pluginClass) {}

    private final List<LoadedPlugin> allPlugins;
    private final PluginsAndModules allInfo;

    public ClasspathPluginsService(
        Settings settings,
        Path configPath,
        Path modulesDirectory,
        Path pluginsDirectory,
        Collection<ClasspathPlugin> classpathPlugins
    ) {
        super(settings, configPath, modulesDirectory, pluginsDirectory);
        List<LoadedPlugin> loaded = new ArrayList<>(super.plugins());
        List<PluginRuntimeInfo> infos = new ArrayList<>(super.info().getPluginInfos());
        String esVersion = Build.current().version();
        for (ClasspathPlugin cp : classpathPlugins) {
            PluginDescriptor descriptor = new PluginDescriptor(
                cp.name(),
                cp.description(),
                esVersion,                      // plugin version
                esVersion,                      // elasticsearch version
                "17",                           // java version
                cp.pluginClass().getName(),     // classname
                null,                           // module name (not modular)
                List.of(),                      // extended plugins
                false,                          // has native controller
                false,                          // licensed
                false,                          // modular
                false                           // stable (new plugin API)
            );
            Plugin instance = loadPlugin(cp.pluginClass(), settings, configPath);
            loaded.add(new LoadedPlugin(descriptor, instance));
            infos.add(new PluginRuntimeInfo(descriptor));
        }
        this.allPlugins = List.copyOf(loaded);
        this.allInfo = new PluginsAndModules(infos, super.info().getModuleInfos());
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        // Called (through filterPlugins/map/...) only after construction.
        return allPlugins;
    }

    @Override
    public PluginsAndModules info() {
        return allInfo;
    }

    /**
     * The stock implementation wires qualified exports of the *named* server
     * module into plugin module layers. On the classpath the server is in the
     * unnamed module and there are no plugin layers, so there is nothing to do.
     */
    @Override
    protected void addServerExportsService(Map<String, List<ModuleQualifiedExportsService>> qualifiedExports) {}
}
