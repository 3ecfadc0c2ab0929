package dev.newsflow.esrunner.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.LowerCaseFilter;
import org.apache.lucene.analysis.core.SimpleAnalyzer;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.el.GreekLowerCaseFilter;
import org.apache.lucene.analysis.ga.IrishLowerCaseFilter;
import org.apache.lucene.analysis.miscellaneous.TrimFilter;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.tr.TurkishLowerCaseFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.index.analysis.AbstractIndexAnalyzerProvider;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.NormalizingTokenFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.elasticsearch.plugins.AnalysisPlugin.requiresAnalysisSettings;

/**
 * Registers, under their standard Elasticsearch names and with the standard
 * settings, the few analysis components that a stock 8.14 distribution gets
 * from its {@code analysis-common} module (not published to Maven Central)
 * and that a bare server jar lacks. Only names the bare server does NOT
 * already register are added here: registering a duplicate fails startup.
 *
 * <p>The bare 8.14.3 server has: tokenizer {@code standard}; token filters
 * {@code lowercase} (name only, no {@code type: lowercase}), {@code stop},
 * {@code shingle}, {@code hunspell}; analyzers by name {@code standard},
 * {@code default}, {@code simple}, {@code whitespace}, {@code keyword},
 * {@code stop} and analyzer types {@code standard}, {@code custom}.
 */
public class CommonAnalysisShimPlugin extends Plugin implements AnalysisPlugin {

    public static final String NAME = "newsflow-analysis-common-shim";

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        Map<String, AnalysisProvider<TokenFilterFactory>> filters = new TreeMap<>();
        filters.put("asciifolding", AsciiFoldingTokenFilterFactory::new);
        filters.put("synonym", requiresAnalysisSettings((is, env, name, s) -> new SynonymTokenFilterFactory(env, name, s, false)));
        filters.put("synonym_graph", requiresAnalysisSettings((is, env, name, s) -> new SynonymTokenFilterFactory(env, name, s, true)));
        // The server only has a pre-configured "lowercase" (usable by name);
        // analysis-common adds the factory behind {"type": "lowercase", "language": ...}.
        filters.put("lowercase", (is, env, name, s) -> {
            String language = s.get("language");
            Function<TokenStream, TokenStream> f;
            if (language == null) {
                f = LowerCaseFilter::new;
            } else if (language.equalsIgnoreCase("greek")) {
                f = GreekLowerCaseFilter::new;
            } else if (language.equalsIgnoreCase("irish")) {
                f = IrishLowerCaseFilter::new;
            } else if (language.equalsIgnoreCase("turkish")) {
                f = TurkishLowerCaseFilter::new;
            } else {
                throw new IllegalArgumentException("language [" + language + "] not support for lower case");
            }
            return normalizing(name, s, f);
        });
        filters.put("trim", (is, env, name, s) -> normalizing(name, s, TrimFilter::new));
        filters.put("unique", (is, env, name, s) -> {
            boolean onlyOnSamePosition = s.getAsBoolean("only_on_same_position", false);
            return plain(name, s, in -> new UniqueTokenFilter(in, onlyOnSamePosition));
        });
        Stemming.registerTokenFilters(filters);
        return filters;
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        Map<String, AnalysisProvider<TokenizerFactory>> tokenizers = new TreeMap<>();
        tokenizers.put("whitespace", (is, env, name, s) -> {
            int maxTokenLength = s.getAsInt("max_token_length", StandardAnalyzer.DEFAULT_MAX_TOKEN_LENGTH);
            return TokenizerFactory.newFactory(
                name,
                () -> new WhitespaceTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, maxTokenLength)
            );
        });
        tokenizers.put("keyword", (is, env, name, s) -> {
            int bufferSize = s.getAsInt("buffer_size", 256);
            return TokenizerFactory.newFactory(name, () -> new KeywordTokenizer(bufferSize));
        });
        return tokenizers;
    }

    @Override
    public Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> getAnalyzers() {
        // The server knows these as pre-built analyzers (usable by name), but
        // not as analyzer *types* ({"type": "simple"}), which analysis-common adds.
        Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> analyzers = new TreeMap<>();
        analyzers.put("simple", (is, env, name, s) -> analyzer(name, s, SimpleAnalyzer::new));
        analyzers.put("whitespace", (is, env, name, s) -> analyzer(name, s, WhitespaceAnalyzer::new));
        analyzers.put("keyword", (is, env, name, s) -> analyzer(name, s, KeywordAnalyzer::new));
        Stemming.registerAnalyzers(analyzers);
        return analyzers;
    }

    static TokenFilterFactory plain(String name, Settings settings, Function<TokenStream, TokenStream> filter) {
        return new AbstractTokenFilterFactory(name, settings) {
            @Override
            public TokenStream create(TokenStream tokenStream) {
                return filter.apply(tokenStream);
            }
        };
    }

    /** A filter that is also applied when normalizing (keyword normalizers, wildcard/prefix query terms). */
    private static TokenFilterFactory normalizing(String name, Settings settings, Function<TokenStream, TokenStream> filter) {
        class Normalizing extends AbstractTokenFilterFactory implements NormalizingTokenFilterFactory {
            Normalizing() {
                super(name, settings);
            }

            @Override
            public TokenStream create(TokenStream tokenStream) {
                return filter.apply(tokenStream);
            }
        }
        return new Normalizing();
    }

    static <A extends Analyzer> AnalyzerProvider<A> analyzer(String name, Settings settings, Supplier<A> supplier) {
        A instance = supplier.get();
        return new AbstractIndexAnalyzerProvider<A>(name, settings) {
            @Override
            public A get() {
                return instance;
            }
        };
    }
}
