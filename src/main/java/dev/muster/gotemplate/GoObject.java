package dev.muster.gotemplate;

import java.util.List;

/** A value with methods a template may call ({@code scratch.Get "k"}, {@code .Tags.Contains "x"}). */
public interface GoObject {
    String goType();

    boolean hasMethod(String name);

    /** Calls the method with the template's arguments; an exception becomes {@code error calling NAME: …}. */
    Object invoke(String name, List<Object> args) throws Exception;
}
