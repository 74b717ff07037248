package io.sparkport.api;

/** An RFC 9457 problem details body ({@code application/problem+json}). */
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://sparkport.io/problems/";

    public static Problem of(int status, String slug, String title, String detail, String instance) {
        return new Problem(TYPE_BASE + slug, title, status, detail, instance);
    }
}
