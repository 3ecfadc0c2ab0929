/*
 * newsflow local-es runner.
 *
 * Lives in package org.elasticsearch.node because NodeConstruction,
 * NodeServiceProvider and the Node(NodeConstruction) constructor are
 * package-private in Elasticsearch 8.14.
 */
package org.elasticsearch.node;

import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.ClasspathPluginsService;
import org.elasticsearch.plugins.PluginsService;

import java.util.Collection;
import java.util.List;

/** A {@link Node} whose plugins come from the classpath instead of plugins/ and modules/ directories. */
public class ClasspathPluginsNode extends Node {

    public ClasspathPluginsNode(Environment environment, Collection<ClasspathPluginsService.ClasspathPlugin> plugins) {
        super(NodeConstruction.prepareConstruction(environment, new NodeServiceProvider() {
            @Override
            PluginsService newPluginService(Environment env, Settings settings) {
                return new ClasspathPluginsService(settings, env.configFile(), env.modulesFile(), env.pluginsFile(), List.copyOf(plugins));
            }
        }, true /* forbidPrivateIndexSettings, as in a real node */));
    }

    /**
     * The stock implementation only feeds node/cluster ids into static log4j
     * pattern converters used by the JSON (ECS) log layout, which we don't use.
     */
    @Override
    protected void configureNodeAndClusterIdStateListener(ClusterService clusterService) {}
}
