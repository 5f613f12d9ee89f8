package dev.hoist.engine.testing;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What a library's public API lets a caller see: every type named in a public or protected
 * signature (super types, fields, constructors, methods, their type arguments and exceptions) of
 * the public types of a package, nested ones included. A module's API test lists the names that
 * fall outside what it may expose (the JDK and its own API packages), so that a dependency's type
 * (OkHttp, Jackson) or an internal one never reaches an app author by accident.
 */
public final class ApiSurface {
  private ApiSurface() {}

  /**
   * The public top-level types of {@code pkg}, found among the class files of the directory or jar
   * entry that {@code anchor} was loaded from.
   */
  public static List<Class<?>> publicTypes(Class<?> anchor) throws IOException {
    String pkg = anchor.getPackageName();
    URL url = anchor.getResource(anchor.getSimpleName() + ".class");
    Path dir;
    try {
      dir = Path.of(url.toURI()).getParent();
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IOException("cannot list the classes of " + pkg + " from " + url, e);
    }
    List<Class<?>> types = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        if (!name.endsWith(".class") || name.contains("$") || name.equals("package-info.class")) {
          continue;
        }
        Class<?> c = load(pkg + "." + name.substring(0, name.length() - ".class".length()));
        if (Modifier.isPublic(c.getModifiers())) types.add(c);
      }
    }
    return types;
  }

  private static Class<?> load(String name) throws IOException {
    try {
      return Class.forName(name, false, ApiSurface.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IOException(e);
    }
  }

  /**
   * Each place where the API of {@code types} names a type whose package {@code allowed} refuses,
   * as {@code "Owner.member: some.Type"}; empty when the surface is clean.
   */
  public static List<String> leaks(List<Class<?>> types, Predicate<String> allowed) {
    Set<String> found = new TreeSet<>();
    for (Class<?> t : types) visit(t, allowed, found);
    found.removeIf(s -> s.startsWith("\0")); // type variables already walked
    return List.copyOf(found);
  }

  private static void visit(Class<?> c, Predicate<String> allowed, Set<String> found) {
    String owner = c.getName().substring(c.getPackageName().length() + 1);
    check(owner + " extends", c.getGenericSuperclass(), allowed, found);
    for (Type i : c.getGenericInterfaces()) check(owner + " implements", i, allowed, found);
    for (Field f : c.getDeclaredFields()) {
      if (visible(f.getModifiers()))
        check(owner + "." + f.getName(), f.getGenericType(), allowed, found);
    }
    for (Constructor<?> k : c.getDeclaredConstructors()) {
      if (visible(k.getModifiers())) executable(owner + ".<init>", k, allowed, found);
    }
    for (Method m : c.getDeclaredMethods()) {
      if (visible(m.getModifiers()) && !m.isSynthetic()) {
        executable(owner + "." + m.getName(), m, allowed, found);
        check(owner + "." + m.getName(), m.getGenericReturnType(), allowed, found);
      }
    }
    for (Class<?> nested : c.getDeclaredClasses()) {
      if (visible(nested.getModifiers())) visit(nested, allowed, found);
    }
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void executable(
      String where, Executable e, Predicate<String> allowed, Set<String> found) {
    for (Type p : e.getGenericParameterTypes()) check(where, p, allowed, found);
    for (Type x : e.getGenericExceptionTypes()) check(where, x, allowed, found);
  }

  private static void check(String where, Type type, Predicate<String> allowed, Set<String> found) {
    if (type == null) return;
    if (type instanceof Class<?> c) {
      while (c.isArray()) c = c.getComponentType();
      if (!c.isPrimitive() && !allowed.test(c.getPackageName())) {
        found.add(where + ": " + c.getName());
      }
    } else if (type instanceof ParameterizedType p) {
      check(where, p.getRawType(), allowed, found);
      for (Type a : p.getActualTypeArguments()) check(where, a, allowed, found);
    } else if (type instanceof WildcardType w) {
      for (Type b : w.getUpperBounds()) check(where, b, allowed, found);
      for (Type b : w.getLowerBounds()) check(where, b, allowed, found);
    } else if (type instanceof GenericArrayType g) {
      check(where, g.getGenericComponentType(), allowed, found);
    } else if (type instanceof TypeVariable<?> v && found.add("\0" + v)) {
      for (Type b : v.getBounds()) check(where, b, allowed, found);
    }
  }
}
