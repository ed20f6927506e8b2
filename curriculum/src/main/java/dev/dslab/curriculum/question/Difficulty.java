package dev.dslab.curriculum.question;

/** How hard a question is for a senior candidate. */
public enum Difficulty { EASY, MEDIUM, HARD }
