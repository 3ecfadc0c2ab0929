package dev.newsflow.esrunner.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.ru.RussianLightStemFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.analysis.Analysis;
import org.elasticsearch.index.analysis.AnalyzerProvider;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.tartarus.snowball.SnowballStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.FrenchStemmer;
import org.tartarus.snowball.ext.GermanStemmer;
import org.tartarus.snowball.ext.ItalianStemmer;
import org.tartarus.snowball.ext.PortugueseStemmer;
import org.tartarus.snowball.ext.RussianStemmer;
import org.tartarus.snowball.ext.SpanishStemmer;
import org.tartarus.snowball.ext.TurkishStemmer;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Stemming under the names a stock 8.14 node gets from {@code analysis-common}:
 * token filters {@code stemmer} ({@code language} or {@code name}, default
 * {@code english}), {@code porter_stem}, {@code kstem}, {@code snowball}
 * ({@code language}, default {@code English}), and the analyzer types
 * {@code english} and {@code russian} ({@code stopwords}, {@code stem_exclusion}).
 * Everything is Lucene's own code from {@code lucene-analysis-common}, which
 * the server jar already depends on; only the registration is ours.
 *
 * <p>{@code stemmer} knows the languages newsflow's template uses and a few
 * more; any other value is rejected at index creation, as a stock node rejects
 * an unknown language, so a template never silently stems differently here.
 */
final class Stemming {

    private Stemming() {}

    /** {@code stemmer} language values, as analysis-common maps them to Lucene filters. */
    private static final Map<String, Function<TokenStream, TokenStream>> STEMMERS = new TreeMap<>();

    static {
        STEMMERS.put("english", PorterStemFilter::new);
        STEMMERS.put("porter", PorterStemFilter::new);
        STEMMERS.put("porter2", in -> new SnowballFilter(in, new EnglishStemmer()));
        STEMMERS.put("light_english", KStemFilter::new);
        STEMMERS.put("kstem", KStemFilter::new);
        STEMMERS.put("minimal_english", EnglishMinimalStemFilter::new);
        STEMMERS.put("possessive_english", EnglishPossessiveFilter::new);
        STEMMERS.put("russian", in -> new SnowballFilter(in, new RussianStemmer()));
        STEMMERS.put("light_russian", RussianLightStemFilter::new);
        STEMMERS.put("french", in -> new SnowballFilter(in, new FrenchStemmer()));
        STEMMERS.put("german", in -> new SnowballFilter(in, new GermanStemmer()));
        STEMMERS.put("spanish", in -> new SnowballFilter(in, new SpanishStemmer()));
        STEMMERS.put("italian", in -> new SnowballFilter(in, new ItalianStemmer()));
        STEMMERS.put("portuguese", in -> new SnowballFilter(in, new PortugueseStemmer()));
        STEMMERS.put("turkish", in -> new SnowballFilter(in, new TurkishStemmer()));
    }

    static void registerTokenFilters(Map<String, AnalysisProvider<TokenFilterFactory>> filters) {
        filters.put("stemmer", (is, env, name, s) -> {
            String language = s.get("language", s.get("name", "english"));
            Function<TokenStream, TokenStream> stemmer = STEMMERS.get(language.toLowerCase(Locale.ROOT));
            if (stemmer == null) {
                throw new IllegalArgumentException(
                    "stemmer language [" + language + "] is not registered on the local node; known: " + STEMMERS.keySet()
                );
            }
            return CommonAnalysisShimPlugin.plain(name, s, stemmer);
        });
        filters.put("porter_stem", (is, env, name, s) -> CommonAnalysisShimPlugin.plain(name, s, PorterStemFilter::new));
        filters.put("kstem", (is, env, name, s) -> CommonAnalysisShimPlugin.plain(name, s, KStemFilter::new));
        filters.put("snowball", (is, env, name, s) -> {
            String language = s.get("language", "English");
            snowball(language); // an unknown language fails index creation, not the first document
            return CommonAnalysisShimPlugin.plain(name, s, in -> new SnowballFilter(in, snowball(language)));
        });
    }

    static void registerAnalyzers(Map<String, AnalysisProvider<AnalyzerProvider<? extends Analyzer>>> analyzers) {
        analyzers.put(
            "english",
            (is, env, name, s) -> CommonAnalysisShimPlugin.analyzer(
                name,
                s,
                () -> new EnglishAnalyzer(stopwords(env, s, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET), Analysis.parseStemExclusion(s, CharArraySet.EMPTY_SET))
            )
        );
        analyzers.put(
            "russian",
            (is, env, name, s) -> CommonAnalysisShimPlugin.analyzer(
                name,
                s,
                () -> new RussianAnalyzer(stopwords(env, s, RussianAnalyzer.getDefaultStopSet()), Analysis.parseStemExclusion(s, CharArraySet.EMPTY_SET))
            )
        );
    }

    /** Lucene's snowball stemmer class for a language name ("English", "russian"), as the snowball filter loads it. */
    private static SnowballStemmer snowball(String language) {
        String simple = language.substring(0, 1).toUpperCase(Locale.ROOT) + language.substring(1).toLowerCase(Locale.ROOT);
        try {
            Class<? extends SnowballStemmer> type = Class.forName("org.tartarus.snowball.ext." + simple + "Stemmer")
                .asSubclass(SnowballStemmer.class);
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalArgumentException("snowball language [" + language + "] is unknown", e);
        }
    }

    private static CharArraySet stopwords(Environment env, Settings settings, CharArraySet defaults) {
        return Analysis.parseStopWords(env, settings, defaults);
    }
}
