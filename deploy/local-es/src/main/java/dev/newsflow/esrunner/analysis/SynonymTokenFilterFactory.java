package dev.newsflow.esrunner.analysis;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymFilter;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.synonym.WordnetSynonymParser;
import org.apache.lucene.util.CharsRef;
import org.apache.lucene.util.CharsRefBuilder;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexService.IndexCreationContext;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalysisMode;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.CustomAnalyzer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.List;
import java.util.function.Function;

/**
 * {@code synonym} and {@code synonym_graph} with analysis-common's settings:
 * {@code synonyms} (inline rules) or {@code synonyms_path} (file, relative to
 * the config dir), {@code format} ({@code solr}, the default, or
 * {@code wordnet}), {@code expand} (default true), {@code lenient} (default
 * false), {@code updateable} (default false; true makes it search-time only).
 * {@code synonyms_set} (the synonyms API) is not supported.
 *
 * <p>As in analysis-common, the rules are analysed with the tokenizer, char
 * filters and token filters that precede this filter in the analyzer being
 * built (each preceding filter's {@link TokenFilterFactory#getSynonymFilter()}
 * form), so e.g. with {@code lowercase, asciifolding} before it, the rule
 * {@code Jekaterinburg, Ekaterinburg} matches the folded, lowercased tokens.
 */
final class SynonymTokenFilterFactory extends AbstractTokenFilterFactory {

    private static final Logger logger = LogManager.getLogger(SynonymTokenFilterFactory.class);

    private final Environment environment;
    private final Settings settings;
    private final boolean graph;
    private final boolean expand;
    private final boolean lenient;
    private final String format;
    private final AnalysisMode analysisMode;

    SynonymTokenFilterFactory(Environment environment, String name, Settings settings, boolean graph) {
        super(name, settings);
        this.environment = environment;
        this.settings = settings;
        this.graph = graph;
        this.expand = settings.getAsBoolean("expand", true);
        this.lenient = settings.getAsBoolean("lenient", false);
        this.format = settings.get("format", "");
        this.analysisMode = settings.getAsBoolean("updateable", false) ? AnalysisMode.SEARCH_TIME : AnalysisMode.ALL;
        if (settings.get("synonyms_set") != null) {
            throw new IllegalArgumentException(
                "[" + name + "]: synonyms_set (synonyms API) is not supported by the newsflow local-es node; use synonyms or synonyms_path"
            );
        }
    }

    @Override
    public AnalysisMode getAnalysisMode() {
        return analysisMode;
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        throw new IllegalStateException("Call getChainAwareTokenFilterFactory to specialize this factory for an analysis chain first");
    }

    @Override
    public TokenFilterFactory getChainAwareTokenFilterFactory(
        IndexCreationContext context,
        TokenizerFactory tokenizer,
        List<CharFilterFactory> charFilters,
        List<TokenFilterFactory> previousTokenFilters,
        Function<String, TokenFilterFactory> allFilters
    ) {
        Analyzer ruleAnalyzer = new CustomAnalyzer(
            tokenizer,
            charFilters.toArray(new CharFilterFactory[0]),
            previousTokenFilters.stream().map(TokenFilterFactory::getSynonymFilter).toArray(TokenFilterFactory[]::new)
        );
        String origin;
        Reader rules;
        List<String> inline = settings.getAsList("synonyms", null);
        if (inline != null) {
            origin = "'" + name() + "' analyzer settings";
            rules = new StringReader(String.join("\n", inline));
        } else if (settings.get("synonyms_path") != null) {
            origin = settings.get("synonyms_path");
            rules = Analysis.getReaderFromFile(environment, origin, "synonyms_path");
        } else {
            throw new IllegalArgumentException("synonym requires either `synonyms`, `synonyms_set` or `synonyms_path` to be configured");
        }
        SynonymMap synonyms;
        try (Reader r = rules) {
            SynonymMap.Parser parser = "wordnet".equalsIgnoreCase(format)
                ? new LenientWordnetParser(expand, lenient, ruleAnalyzer)
                : new LenientSolrParser(expand, lenient, ruleAnalyzer);
            parser.parse(r);
            synonyms = parser.build();
        } catch (Exception e) {
            throw new IllegalArgumentException("failed to build synonyms from [" + origin + "]", e);
        }
        String name = name();
        boolean graph = this.graph;
        AnalysisMode analysisMode = this.analysisMode;
        return new TokenFilterFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public TokenStream create(TokenStream tokenStream) {
                if (synonyms.fst == null) {
                    return tokenStream;
                }
                return graph ? new SynonymGraphFilter(tokenStream, synonyms, false) : new SynonymFilter(tokenStream, synonyms, false);
            }

            /** A later synonym filter must not see this one's stacked output while parsing its rules. */
            @Override
            public TokenFilterFactory getSynonymFilter() {
                return IDENTITY_FILTER;
            }

            @Override
            public AnalysisMode getAnalysisMode() {
                return analysisMode;
            }
        };
    }

    /**
     * With {@code lenient: true}, rules whose terms analyse to nothing (e.g. a
     * stop word) are skipped instead of failing the whole analyzer, as in
     * Elasticsearch's ESSolrSynonymParser / ESWordnetSynonymParser.
     */
    private static CharsRef analyzeLeniently(boolean lenient, String text, IOFunction analyze) throws IOException {
        try {
            return analyze.apply(text);
        } catch (IllegalArgumentException e) {
            if (lenient == false) {
                throw e;
            }
            logger.info("Synonym rule for [{}] was ignored", text);
            return new CharsRef("");
        }
    }

    @FunctionalInterface
    private interface IOFunction {
        CharsRef apply(String text) throws IOException;
    }

    private static final class LenientSolrParser extends SolrSynonymParser {
        private final boolean lenient;

        LenientSolrParser(boolean expand, boolean lenient, Analyzer analyzer) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (lenient == false || (input.length > 0 && output.length > 0)) {
                super.add(input, output, includeOrig);
            }
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            return analyzeLeniently(lenient, text, t -> super.analyze(t, reuse));
        }
    }

    private static final class LenientWordnetParser extends WordnetSynonymParser {
        private final boolean lenient;

        LenientWordnetParser(boolean expand, boolean lenient, Analyzer analyzer) {
            super(true, expand, analyzer);
            this.lenient = lenient;
        }

        @Override
        public void add(CharsRef input, CharsRef output, boolean includeOrig) {
            if (lenient == false || (input.length > 0 && output.length > 0)) {
                super.add(input, output, includeOrig);
            }
        }

        @Override
        public CharsRef analyze(String text, CharsRefBuilder reuse) throws IOException {
            return analyzeLeniently(lenient, text, t -> super.analyze(t, reuse));
        }
    }
}
